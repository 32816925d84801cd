package dev.lanewise.layers;

/**
 * A loss: the mean over the batch of a per-sample loss, and its gradient by the model output. Classification
 * losses take integer labels, regression losses a target tensor shaped like the output.
 */
public interface Loss {
    /** Loss of {@code output [batch, classes]} against class labels. */
    default LossValue evaluate(Tensor output, int[] labels) {
        throw new IllegalArgumentException(this + ": expected regression targets (a tensor), got class labels");
    }

    /** Loss of {@code output} against targets of the same shape. */
    default LossValue evaluate(Tensor output, Tensor targets) {
        throw new IllegalArgumentException(this + ": expected class labels, got a target tensor");
    }

    /** Whether this loss takes class labels (accuracy is then defined). */
    boolean classification();

    /** Dispatches on the kind of targets the batch carries. */
    default LossValue evaluate(Tensor output, Batch batch) {
        return batch.hasLabels() ? evaluate(output, batch.labels()) : evaluate(output, batch.targets());
    }

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
