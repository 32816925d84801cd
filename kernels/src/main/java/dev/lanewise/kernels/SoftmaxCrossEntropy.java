package dev.lanewise.kernels;

import dev.lanewise.kernels.reference.ReferenceSoftmax;
import dev.lanewise.kernels.simd.VectorSoftmax;

/**
 * Fused softmax-cross-entropy over an m×n matrix of logits with integer labels: one pass per row computes the
 * max, the shifted exponentials (stored as the gradient), their sum, the row loss
 * {@code (max − x[label]) + log Σ exp(x − max)} and the gradient {@code (softmax − onehot) / m}.
 *
 * <p>Stable for logits of ±1e30 and for −∞ entries other than the label (their probability is exactly 0).
 * A −∞ label logit gives a +∞ loss; NaN or +∞ anywhere in a row gives a NaN loss (and NaN gradients in that
 * row); m == 0 gives a NaN loss (the mean of nothing). The loss is summed over rows in double.
 */
public final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {
    }

    /**
     * Returns the mean loss and writes the gradient with respect to the logits into {@code grad} (which may be
     * {@code logits} itself at the same offset and leading dimension, else shares no element with it). Labels must lie in {@code [0, n)}: every
     * label is checked before any work.
     */
    public static double lossAndGradient(int m, int n, float[] logits, int offLogits, int ldLogits,
                                         int[] labels, int offLabels, float[] grad, int offGrad, int ldGrad) {
        Checks.notNull(logits, "logits");
        Checks.notNull(labels, "labels");
        Checks.notNull(grad, "grad");
        Checks.nonNegative(m, "m");
        Checks.nonNegative(n, "n");
        Checks.leadingDimension(ldLogits, n, "ldLogits");
        Checks.leadingDimension(ldGrad, n, "ldGrad");
        Checks.matrixFits(logits, offLogits, m, n, ldLogits, "logits", "offLogits");
        Checks.vectorFits(labels, offLabels, m, "labels", "offLabels");
        Checks.matrixFits(grad, offGrad, m, n, ldGrad, "grad", "offGrad");
        Checks.inPlaceOrDisjoint(grad, offGrad, m, n, ldGrad, "grad", logits, offLogits, m, n, ldLogits, "logits");
        for (int i = 0; i < m; i++) {
            int label = labels[offLabels + i];
            if (label < 0 || label >= n) {
                throw new IllegalArgumentException("labels[" + (offLabels + i) + "] (row " + i
                        + "): expected a class in [0, " + n + "), got " + label);
            }
        }
        if (Vectorization.ENABLED) {
            return VectorSoftmax.crossEntropy(m, n, logits, offLogits, ldLogits, labels, offLabels,
                    grad, offGrad, ldGrad);
        }
        return ReferenceSoftmax.crossEntropy(m, n, logits, offLogits, ldLogits, labels, offLabels,
                grad, offGrad, ldGrad);
    }
}
