package dev.lanewise.layers;

/**
 * Multiclass SVM (Weston–Watkins) hinge loss: per sample Σ_{j ≠ y} max(0, s_j − s_y + margin), averaged over
 * the batch (as in CS231n; PyTorch's {@code MultiMarginLoss} additionally divides by the class count).
 */
public final class MulticlassHinge implements ClassificationLoss {
    private final float margin;

    /** Margin 1. */
    public MulticlassHinge() {
        this(1f);
    }

    public MulticlassHinge(float margin) {
        if (!(margin >= 0f) || Float.isInfinite(margin)) {
            throw new IllegalArgumentException("margin: expected a finite value >= 0, got " + margin);
        }
        this.margin = margin;
    }

    @Override
    public LossValue evaluate(Tensor output, int[] labels) {
        Loss.checkLabels(output, labels);
        int m = output.dim(0), n = output.dim(1);
        float[] s = output.data(), grad = new float[m * n];
        double total = 0;
        float inv = m == 0 ? 0f : 1f / m;
        for (int i = 0; i < m; i++) {
            int y = labels[i];
            float sy = s[i * n + y];
            int active = 0;
            for (int j = 0; j < n; j++) {
                if (j == y) {
                    continue;
                }
                double h = (double) s[i * n + j] - sy + margin;
                if (h > 0) {
                    total += h;
                    grad[i * n + j] = inv;
                    active++;
                }
            }
            grad[i * n + y] = -active * inv;
        }
        return new LossValue(m == 0 ? Double.NaN : total / m, Tensor.wrap(grad, m, n));
    }


    @Override
    public String toString() {
        return "MulticlassHinge(" + margin + ")";
    }
}
