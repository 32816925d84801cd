package dev.lanewise.layers;

/**
 * {@link Trainer#fit} stopped because a step's loss was NaN or infinite (NaN inputs, a learning rate that blows up
 * the weights, …). {@link #history()} holds what was done before: the statistics of the completed epochs, the
 * model after the last completed epoch and the best model so far — all from before the bad step, so none of them
 * holds the weights the diverging updates produced.
 */
public final class TrainingDivergedException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int step;
    private final double loss;
    private final transient History history;

    TrainingDivergedException(int epoch, int step, int batches, double loss, History history) {
        super("training diverged: the loss of epoch " + epoch + ", step " + step + " of " + batches + " is " + loss
                + "; the best model so far (epoch " + history.bestEpoch() + ") is in history(); check the inputs for"
                + " NaN or lower the learning rate, or set stopOnNonFiniteLoss(false) to train on regardless");
        this.epoch = epoch;
        this.step = step;
        this.loss = loss;
        this.history = history;
    }

    /** The epoch (from 1) of the step whose loss was not finite. */
    public int epoch() {
        return epoch;
    }

    /** The step within that epoch (from 1). */
    public int step() {
        return step;
    }

    /** The loss that step produced: NaN or ±∞. */
    public double loss() {
        return loss;
    }

    /** The completed epochs, the model after the last of them and the best model so far (the input if none). */
    public History history() {
        return history;
    }
}
