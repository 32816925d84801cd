package dev.lanewise.layers;

import java.util.Objects;

/**
 * Settings of {@link Trainer#fit}; build with {@link #builder()}. The optimizer given is never stepped: {@code fit}
 * trains a copy that starts from its state ({@link Optimizer#withState}). {@code dropLast} skips each epoch's partial last batch (as PyTorch's
 * {@code DataLoader(drop_last=True)}); {@code stopOnNonFiniteLoss} ends training with a
 * {@link TrainingDivergedException} at the first step whose loss is NaN or infinite. {@code firstEpoch} (1-based,
 * default 1) resumes a run: {@code fit} trains epochs {@code firstEpoch..epochs} with the shuffles, dropout seeds and
 * learning-rate scale those epochs have in the uninterrupted run, so training from a checkpoint saved after epoch
 * {@code firstEpoch − 1} (its model, and an optimizer {@link Optimizer#withState built from its state}) gives the
 * uninterrupted run's bits.
 */
public record TrainConfig(Loss loss, Optimizer optimizer, int batchSize, int epochs, long seed,
                          float learningRateDecay, int threads, EpochListener listener, boolean dropLast,
                          boolean stopOnNonFiniteLoss, int firstEpoch) {

    public TrainConfig {
        Objects.requireNonNull(loss, "loss: expected a loss, got null");
        Objects.requireNonNull(optimizer, "optimizer: expected an optimizer, got null");
        Objects.requireNonNull(listener, "listener: expected a listener, got null");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize: expected >= 1, got " + batchSize);
        }
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs: expected >= 0, got " + epochs);
        }
        if (firstEpoch < 1 || firstEpoch > epochs + 1) {
            throw new IllegalArgumentException("firstEpoch: expected 1 to epochs + 1 = " + (epochs + 1L) + ", got "
                    + firstEpoch);
        }
        if (!(learningRateDecay > 0f && learningRateDecay <= 1f)) {
            throw new IllegalArgumentException("learningRateDecay: expected a factor in (0, 1], got " + learningRateDecay);
        }
        Threads.check(threads);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Loss loss;
        private Optimizer optimizer;
        private int batchSize = 64;
        private int epochs = 10;
        private long seed = 42;
        private float learningRateDecay = 1f;
        private int threads = Threads.DEFAULT;
        private EpochListener listener = (stats, model) -> { };
        private boolean dropLast;
        private boolean stopOnNonFiniteLoss = true;
        private int firstEpoch = 1;

        private Builder() {
        }

        public Builder loss(Loss value) {
            loss = value;
            return this;
        }

        public Builder optimizer(Optimizer value) {
            optimizer = value;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder epochs(int value) {
            epochs = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** Multiplies the learning rate by this factor after every epoch (1 = constant). */
        public Builder learningRateDecay(float value) {
            learningRateDecay = value;
            return this;
        }

        public Builder threads(int value) {
            threads = value;
            return this;
        }

        public Builder listener(EpochListener value) {
            listener = value;
            return this;
        }

        /** Skip each epoch's partial last batch (default false: it trains on every sample). */
        public Builder dropLast(boolean value) {
            dropLast = value;
            return this;
        }

        /**
         * Stop at the first step whose loss is NaN or infinite with a {@link TrainingDivergedException} that names
         * the epoch and step and holds the history so far (default true); false trains on regardless.
         */
        public Builder stopOnNonFiniteLoss(boolean value) {
            stopOnNonFiniteLoss = value;
            return this;
        }

        /**
         * Resume at this epoch (1-based; default 1): epochs before it are skipped as if they had run (their seeds
         * drawn, the learning rate decayed). Give it the model and optimizer state saved after epoch
         * {@code value − 1} to continue that run bit for bit.
         */
        public Builder firstEpoch(int value) {
            firstEpoch = value;
            return this;
        }

        public TrainConfig build() {
            return new TrainConfig(loss, optimizer, batchSize, epochs, seed, learningRateDecay, threads, listener,
                    dropLast, stopOnNonFiniteLoss, firstEpoch);
        }
    }
}
