package dev.lanewise.layers;

/** Called by {@link Trainer#fit} after every epoch, on the training thread. */
@FunctionalInterface
public interface EpochListener {
    void epochEnded(EpochStats stats, Sequential model);

    /** Called after every minibatch with the samples done so far in this epoch (for progress bars). */
    default void batchEnded(int epoch, int samplesDone, int samplesTotal) {
    }
}
