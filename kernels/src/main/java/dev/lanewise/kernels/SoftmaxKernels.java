package dev.lanewise.kernels;

import dev.lanewise.kernels.ops.KernelProvider;

/**
 * The softmax family over the rows of an m×n matrix: softmax, its backward pass, log-sum-exp and the fused
 * softmax-cross-entropy. All shift by the row max so that logits of any finite size and −∞ entries are handled
 * exactly; a row containing NaN gives NaN, a row of only −∞ gives NaN (softmax) and −∞ (log-sum-exp is then
 * reported as NaN too, since the shift is undefined).
 */
public final class SoftmaxKernels {
    private SoftmaxKernels() {
    }

    /** y[i,:] = exp(x[i,:] − max) / Σ exp(x[i,:] − max). Y may be X itself (same offset and leading dimension), else shares no element with it. */
    public static void softmax(int m, int n, float[] x, int offX, int ldx, float[] y, int offY, int ldy) {
        Checks.notNull(x, "x");
        Checks.notNull(y, "y");
        Checks.nonNegative(m, "m");
        Checks.nonNegative(n, "n");
        Checks.leadingDimension(ldx, n, "ldx");
        Checks.leadingDimension(ldy, n, "ldy");
        Checks.matrixFits(x, offX, m, n, ldx, "x", "offX");
        Checks.matrixFits(y, offY, m, n, ldy, "y", "offY");
        Checks.inPlaceOrDisjoint(y, offY, m, n, ldy, "y", x, offX, m, n, ldx, "x");
        KernelProvider.active().softmax(m, n, x, offX, ldx, y, offY, ldy);
    }

    /** out[i] = max + log Σ exp(x[i,:] − max); −∞ for a row with n == 0. out shares no element with x. */
    public static void logSumExp(int m, int n, float[] x, int offX, int ldx, float[] out, int offOut) {
        Checks.notNull(x, "x");
        Checks.notNull(out, "out");
        Checks.nonNegative(m, "m");
        Checks.nonNegative(n, "n");
        Checks.leadingDimension(ldx, n, "ldx");
        Checks.matrixFits(x, offX, m, n, ldx, "x", "offX");
        Checks.vectorFits(out, offOut, m, "out", "offOut");
        Checks.disjoint(out, offOut, 1, m, Math.max(1, m), "out", x, offX, m, n, ldx, "x");
        KernelProvider.active().logSumExp(m, n, x, offX, ldx, out, offOut);
    }

    /**
     * Fused softmax-cross-entropy with integer labels: one pass per row computes the max, the shifted
     * exponentials (stored as the gradient), their sum, the row loss {@code (max − x[label]) + log Σ exp(x − max)}
     * and the gradient {@code (softmax − onehot) / m}. Stable for logits of ±1e30 and for −∞ entries other than
     * the label (their probability is exactly 0). A −∞ label logit gives a +∞ loss; NaN or +∞ anywhere in a row
     * gives a NaN loss (and NaN gradients in that row); m == 0 gives a NaN loss (the mean of nothing). The loss is
     * summed over rows in double.
     *
     * <p>Returns the mean loss and writes the gradient with respect to the logits into {@code grad} (which may be
     * {@code logits} itself at the same offset and leading dimension, else shares no element with it). Labels
     * must lie in {@code [0, n)}: every label is checked before any work.
     */
    public static double crossEntropy(int m, int n, float[] logits, int offLogits, int ldLogits,
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
        Checks.labels(m, n, labels, offLabels);
        return KernelProvider.active().crossEntropy(m, n, logits, offLogits, ldLogits, labels, offLabels,
                grad, offGrad, ldGrad);
    }

    /**
     * Softmax's backward pass on dense rows: dx = y ⊙ (dy − Σ_j dy_j·y_j) per row, y the softmax output; the dot
     * product in double. dx may be dy itself (same offset), else shares no element with y or dy.
     */
    public static void softmaxBackward(int m, int n, float[] y, int offY, float[] dy, int offDy,
                                       float[] dx, int offDx) {
        Checks.notNull(y, "y");
        Checks.notNull(dy, "dy");
        Checks.notNull(dx, "dx");
        Checks.nonNegative(m, "m");
        Checks.nonNegative(n, "n");
        Checks.vectorFits(y, offY, (long) m * n, "y", "offY");
        Checks.vectorFits(dy, offDy, (long) m * n, "dy", "offDy");
        Checks.vectorFits(dx, offDx, (long) m * n, "dx", "offDx");
        int size = m * n;   // fits: an array holds it
        Checks.disjoint(dx, offDx, size, "dx", y, offY, size, "y");
        Checks.inPlaceOrDisjoint(dx, offDx, "dx", dy, offDy, "dy", size);
        KernelProvider.active().softmaxBackward(m, n, y, offY, dy, offDy, dx, offDx);
    }
}
