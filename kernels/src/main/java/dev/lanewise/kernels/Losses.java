package dev.lanewise.kernels;

import dev.lanewise.kernels.ops.KernelProvider;

/**
 * Loss kernels that return the mean loss and write its gradient with respect to the output (softmax
 * cross-entropy lives with the softmax family, {@link SoftmaxKernels#crossEntropy}). Sums in double; the
 * gradient array is overwritten and shares no element with the inputs.
 */
public final class Losses {
    private Losses() {
    }

    /**
     * Mean over n elements of (output − target)², gradient 2·(output − target)/n (PyTorch's {@code MSELoss});
     * NaN for n == 0.
     */
    public static double meanSquaredError(int n, float[] output, int offOutput, float[] target, int offTarget,
                                          float[] grad, int offGrad) {
        Checks.notNull(output, "output");
        Checks.notNull(target, "target");
        Checks.notNull(grad, "grad");
        Checks.nonNegative(n, "n");
        Checks.vectorFits(output, offOutput, n, "output", "offOutput");
        Checks.vectorFits(target, offTarget, n, "target", "offTarget");
        Checks.vectorFits(grad, offGrad, n, "grad", "offGrad");
        Checks.disjoint(grad, offGrad, n, "grad", output, offOutput, n, "output");
        Checks.disjoint(grad, offGrad, n, "grad", target, offTarget, n, "target");
        return KernelProvider.active().meanSquaredError(n, output, offOutput, target, offTarget, grad, offGrad);
    }

    /**
     * Weston–Watkins multiclass hinge over a dense m×n score matrix: the batch mean of
     * Σ_{j ≠ label} max(0, s_j − s_label + margin) (NaN for m == 0), and its gradient. Labels must lie in
     * [0, n): every label is checked before any work.
     */
    public static double multiclassHinge(int m, int n, float margin, float[] scores, int offScores,
                                         int[] labels, int offLabels, float[] grad, int offGrad) {
        Checks.notNull(scores, "scores");
        Checks.notNull(labels, "labels");
        Checks.notNull(grad, "grad");
        Checks.nonNegative(m, "m");
        Checks.nonNegative(n, "n");
        if (!(margin >= 0f) || Float.isInfinite(margin)) {
            throw new IllegalArgumentException("margin: expected a finite value >= 0, got " + margin);
        }
        Checks.vectorFits(scores, offScores, (long) m * n, "scores", "offScores");
        Checks.vectorFits(labels, offLabels, m, "labels", "offLabels");
        Checks.vectorFits(grad, offGrad, (long) m * n, "grad", "offGrad");
        Checks.disjoint(grad, offGrad, m * n, "grad", scores, offScores, m * n, "scores");
        Checks.labels(m, n, labels, offLabels);
        return KernelProvider.active().multiclassHinge(m, n, margin, scores, offScores, labels, offLabels,
                grad, offGrad);
    }
}
