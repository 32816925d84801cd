package dev.lanewise.layers;

/** One minibatch: inputs and either class labels or regression targets. */
public final class Batch {
    private final Tensor inputs;
    private final int[] labels;
    private final Tensor targets;

    Batch(Tensor inputs, int[] labels, Tensor targets) {
        this.inputs = inputs;
        this.labels = labels;
        this.targets = targets;
    }

    public Tensor inputs() {
        return inputs;
    }

    public int size() {
        return inputs.dim(0);
    }

    public boolean hasLabels() {
        return labels != null;
    }

    /** Class labels (a copy); only for classification data. */
    public int[] labels() {
        if (labels == null) {
            throw new IllegalStateException("labels: this batch has regression targets, not labels");
        }
        return labels.clone();
    }

    /** Regression targets; only for regression data. */
    public Tensor targets() {
        if (targets == null) {
            throw new IllegalStateException("targets: this batch has class labels, not targets");
        }
        return targets;
    }

    int[] labelsShared() {
        return labels;
    }
}
