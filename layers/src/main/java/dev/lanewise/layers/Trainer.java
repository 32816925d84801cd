package dev.lanewise.layers;

import dev.lanewise.kernels.MatrixReductions;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The training loop: per epoch, seeded shuffled minibatches, forward, loss, backward, optimizer step; then
 * evaluation on the validation data. Every random choice derives from {@link TrainConfig#seed()}, and every
 * kernel gives the same bits for any thread count, so a seeded run is bit-identical across runs and threads.
 *
 * <p>The optimizer of the config is not changed: {@code fit} trains a copy of it
 * ({@code optimizer.withState(optimizer.state())}), so a new optimizer starts fresh and one built
 * {@link Optimizer#withState with a saved state} continues it; {@link History#optimizerState()} is the copy's state
 * after the last step (save it with the final model to continue later).
 */
public final class Trainer {
    private Trainer() {
    }

    public static History fit(Sequential model, Dataset train, Dataset validation, TrainConfig config) {
        Objects.requireNonNull(model, "model: expected a model, got null");
        Objects.requireNonNull(train, "train: expected a dataset, got null");
        Objects.requireNonNull(validation, "validation: expected a dataset, got null");
        Objects.requireNonNull(config, "config: expected a config, got null");
        Loss loss = config.loss();
        if (loss.classification() != train.hasLabels() || (validation.size() > 0 && loss.classification() != validation.hasLabels())) {
            throw new IllegalArgumentException("config.loss: " + loss + " expects " + (loss.classification()
                    ? "labelled" : "regression") + " datasets");
        }
        checkBeforeAnyWork(model, train, validation, config);
        // The config's optimizer is never stepped (one config can run many fits): fit trains a copy that starts from
        // its state — empty for a new optimizer, a saved one to resume — and reports the state it ends with.
        Optimizer optimizer = config.optimizer().withState(config.optimizer().state());
        TrainingStep step = new TrainingStep(loss, optimizer, config.threads());
        SplittableRandom seeds = new SplittableRandom(config.seed());
        List<EpochStats> stats = new ArrayList<>();
        Sequential current = model, best = model;
        int bestEpoch = 0;
        double bestScore = Double.NaN;
        float scale = 1f;
        step.start(model);
        int batchCount = train.batchCount(config.batchSize());
        for (int skipped = 1; skipped < config.firstEpoch(); skipped++) {
            // Epochs of the run being resumed: draw their seeds (shuffle, then one per batch) and decay as they did.
            seeds.nextLong();
            for (int b = 0; b < batchCount; b++) {
                seeds.nextLong();
            }
            scale *= config.learningRateDecay();
        }
        for (int epoch = config.firstEpoch(); epoch <= config.epochs(); epoch++) {
            long start = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            int done = 0;
            int[] order = Dataset.permutation(train.size(), seeds.nextLong());
            int stepInEpoch = 0;
            for (int b = 0; b < batchCount; b++) {
                Batch batch = train.batch(order, b, config.batchSize());   // one batch's copy at a time
                long stepSeed = seeds.nextLong();
                if (config.dropLast() && batch.size() < config.batchSize()) {
                    continue;
                }
                stepInEpoch++;
                TrainingStep.Outcome r = step.advance(batch, stepSeed, scale);
                if (config.stopOnNonFiniteLoss() && !Double.isFinite(r.loss())) {
                    throw new TrainingDivergedException(epoch, stepInEpoch, batchCount, r.loss(),
                            new History(stats, current, best, bestEpoch, optimizer.state()));
                }
                lossSum += r.loss() * batch.size();
                correct += r.correct();
                done += batch.size();
                config.listener().batchEnded(epoch, done, train.size());
            }
            current = step.current();
            double seconds = (System.nanoTime() - start) / 1e9;
            Evaluation val = validation.size() > 0
                    ? evaluate(current, validation, loss, config.batchSize(), config.threads()) : null;
            double trainLoss = done == 0 ? Double.NaN : lossSum / done;
            EpochStats s = new EpochStats(epoch, trainLoss,
                    loss.classification() && done > 0 ? (double) correct / done : Double.NaN,
                    val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.accuracy(),
                    seconds, done / seconds, optimizer.learningRate() * scale);
            stats.add(s);
            double score = val == null ? -trainLoss : loss.classification() ? val.accuracy() : -val.loss();
            if (bestEpoch == 0 || score > bestScore) {
                bestScore = score;
                best = current;
                bestEpoch = epoch;
            }
            config.listener().epochEnded(s, current);
            scale *= config.learningRateDecay();
        }
        return new History(stats, current, best, bestEpoch, optimizer.state());
    }

    /**
     * Everything that would otherwise fail in the middle of an epoch, checked before the first step: an empty
     * training set, inputs the model does not accept, labels outside the model's classes (named by their index in
     * the dataset, not in a shuffled batch), and a one-sample batch the model cannot train on (BatchNorm over
     * [batch, features] needs more than one value per channel).
     */
    private static void checkBeforeAnyWork(Sequential model, Dataset train, Dataset validation, TrainConfig config) {
        if (train.size() == 0) {
            throw new IllegalArgumentException("train: expected at least one sample, got an empty dataset");
        }
        int batchSize = config.batchSize();
        int last = train.size() % batchSize == 0 ? batchSize : train.size() % batchSize;
        if (config.dropLast() && train.size() < batchSize) {
            throw new IllegalArgumentException("dropLast: the only batch (" + train.size() + " samples, batch size "
                    + batchSize + ") is partial, so no step would run; use a smaller batch size or dropLast(false)");
        }
        Tensor output = model.apply(train.slice(0, 1).inputs(), 1);
        if (config.loss().classification() && train.hasLabels() && output.rank() == 2) {
            checkLabels("train", train, output.dim(1));
            if (validation.size() > 0) {
                checkLabels("validation", validation, output.dim(1));
            }
        }
        if (last == 1 && !config.dropLast() && config.epochs() > 0) {
            try {
                model.forward(train.slice(0, 1).inputs(), config.seed(), 1);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("batchSize: the last batch of every epoch holds 1 sample ("
                        + train.size() + " samples, batch size " + batchSize + "), and this model cannot train on"
                        + " one sample: " + e.getMessage() + "; set dropLast(true) or another batch size", e);
            }
        }
    }

    private static void checkLabels(String name, Dataset data, int classes) {
        int[] labels = data.labelsShared();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(name + " labels[" + i + "]: expected a class in [0, " + classes
                        + ") (the model's outputs), got " + labels[i]);
            }
        }
    }

    /** Mean loss and accuracy of {@code model} (evaluation mode) over {@code data}, in batches. */
    public static Evaluation evaluate(Sequential model, Dataset data, Loss loss, int batchSize, int threads) {
        Objects.requireNonNull(model, "model: expected a model, got null");
        Objects.requireNonNull(data, "data: expected a dataset, got null");
        Objects.requireNonNull(loss, "loss: expected a loss, got null");
        double lossSum = 0;
        long correct = 0;
        int[] order = data.inOrder();
        for (int b = 0, count = data.batchCount(batchSize); b < count; b++) {
            Batch batch = data.batch(order, b, batchSize);
            Tensor out = model.apply(batch.inputs(), threads);
            lossSum += loss.evaluate(out, batch).value() * batch.size();
            if (batch.hasLabels()) {
                correct += correct(out, batch.labelsShared());
            }
        }
        int n = data.size();
        return new Evaluation(n == 0 ? Double.NaN : lossSum / n,
                data.hasLabels() && n > 0 ? (double) correct / n : Double.NaN, n);
    }

    /** Predicted classes (row argmax) of a {@code [batch, classes]} output. */
    public static int[] predictions(Tensor output) {
        if (output.rank() != 2) {
            throw new IllegalArgumentException("output: expected [batch, classes], got " + Tensor.shapeString(output.shape()));
        }
        int[] pred = new int[output.dim(0)];
        MatrixReductions.rowArgmax(output.dim(0), output.dim(1), output.data(), 0, output.dim(1), pred, 0);
        return pred;
    }

    static int correct(Tensor output, int[] labels) {
        int[] pred = predictions(output);
        int c = 0;
        for (int i = 0; i < pred.length; i++) {
            if (pred[i] == labels[i]) {
                c++;
            }
        }
        return c;
    }
}
