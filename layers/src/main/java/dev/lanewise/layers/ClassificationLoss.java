package dev.lanewise.layers;

/** A loss of {@code output [batch, classes]} against integer class labels. Implement this for your own. */
public non-sealed interface ClassificationLoss extends Loss {
    /** Loss of {@code output [batch, classes]} against class labels in {@code [0, classes)}. */
    LossValue evaluate(Tensor output, int[] labels);

    @Override
    default LossValue evaluate(Tensor output, Batch batch) {
        if (!batch.hasLabels()) {
            throw new IllegalArgumentException(this + ": expected a batch with class labels, got regression targets");
        }
        return evaluate(output, batch.labels());
    }
}
