package dev.lanewise.layers;

/** A loss of {@code output} against targets of the same shape. Implement this for your own. */
public non-sealed interface RegressionLoss extends Loss {
    /** Loss of {@code output} against {@code targets} of the same shape. */
    LossValue evaluate(Tensor output, Tensor targets);

    @Override
    default LossValue evaluate(Tensor output, Batch batch) {
        if (batch.hasLabels()) {
            throw new IllegalArgumentException(this + ": expected a batch with regression targets, got class labels");
        }
        return evaluate(output, batch.targets());
    }
}
