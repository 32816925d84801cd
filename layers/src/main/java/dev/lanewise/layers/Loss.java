package dev.lanewise.layers;

/**
 * A loss: the mean over the batch of a per-sample loss, and its gradient by the model output. A loss is either a
 * {@link ClassificationLoss} (integer labels) or a {@link RegressionLoss} (a target tensor shaped like the
 * output), so evaluating one against the wrong kind of targets does not compile.
 */
public sealed interface Loss permits ClassificationLoss, RegressionLoss {
    /** Whether this loss takes class labels (accuracy is then defined). */
    default boolean classification() {
        return this instanceof ClassificationLoss;
    }

    /**
     * Whether {@link #evaluate} may keep the output tensor it is given after returning (say, to log it later). A
     * {@link TrainingStep} hands its loss an output that lives in scratch memory the next step overwrites, so a loss
     * that answers true — the default, the only safe answer for an unknown loss — gets a copy.
     */
    default boolean retainsOutput() {
        return true;
    }

    /** Evaluates against the targets the batch carries; a batch of the other kind is rejected by name. */
    LossValue evaluate(Tensor output, Batch batch);

    static void checkLabels(Tensor output, int[] labels) {
        java.util.Objects.requireNonNull(output, "output: expected a tensor, got null");
        java.util.Objects.requireNonNull(labels, "labels: expected an array, got null");
        if (output.rank() != 2) {
            throw new IllegalArgumentException("output: expected [batch, classes], got "
                    + Tensor.shapeString(output.shape()));
        }
        if (labels.length != output.dim(0)) {
            throw new IllegalArgumentException("labels: expected " + output.dim(0) + " labels (the batch size), got "
                    + labels.length);
        }
        int classes = output.dim(1);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("labels[" + i + "]: expected a class in [0, " + classes + "), got "
                        + labels[i]);
            }
        }
    }
}
