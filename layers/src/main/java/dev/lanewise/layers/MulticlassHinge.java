package dev.lanewise.layers;

import dev.lanewise.kernels.Losses;

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
        float[] grad = new float[m * n];
        double loss = Losses.multiclassHinge(m, n, margin, output.data(), 0, labels, 0, grad, 0);
        return new LossValue(loss, Tensor.wrap(grad, m, n));
    }


    /** Reads the output during the call only. */
    @Override
    public boolean retainsOutput() {
        return false;
    }

    @Override
    public String toString() {
        return "MulticlassHinge(" + margin + ")";
    }
}
