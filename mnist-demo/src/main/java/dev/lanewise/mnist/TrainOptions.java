package dev.lanewise.mnist;

import dev.lanewise.layers.Adam;
import dev.lanewise.layers.Optimizer;
import dev.lanewise.layers.Sgd;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** The training settings shared by {@code train} and {@code sweep}. */
final class TrainOptions {
    enum OptimizerKind { SGD, ADAM }

    @Option(names = "--arch", defaultValue = "mlp", description = "mlp (784-hidden-10 ReLU), deep (784-512-256-10 with "
            + "BatchNorm and Dropout) or conv (Conv1d over 28 channels x 28 positions). Default: ${DEFAULT-VALUE}.")
    Architectures arch;

    @Option(names = "--hidden", defaultValue = "300", description = "Hidden units of mlp and of conv's dense layer. Default: ${DEFAULT-VALUE}.")
    int hidden;

    @Option(names = "--epochs", defaultValue = "10", description = "Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch", defaultValue = "64", description = "Minibatch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd (momentum) or adam. Default: ${DEFAULT-VALUE}.")
    OptimizerKind optimizer;

    @Option(names = "--lr", description = "Learning rate. Default: 0.05 for sgd, 0.001 for adam.")
    Float lr;

    @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum. Default: ${DEFAULT-VALUE}.")
    float momentum;

    @Option(names = "--weight-decay", defaultValue = "0.0001", description = "L2 on weights (not biases). Default: ${DEFAULT-VALUE}.")
    float weightDecay;

    @Option(names = "--lr-decay", defaultValue = "0.9", description = "Learning-rate factor per epoch. Default: ${DEFAULT-VALUE}.")
    float lrDecay;

    @Option(names = "--seed", defaultValue = "42", description = "Seeds the split, the weights, shuffling and dropout. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--threads", description = "Threads for the GEMMs. Default: all cores.")
    Integer threads;

    /** Largest --hidden: 784 × 100,000 weights are 314 MB, far past any MNIST use and well inside an array. */
    static final int MAX_HIDDEN = 100_000;

    /** Every option checked by its command-line name before any data is loaded; throws {@link UsageError}. */
    void validate() {
        range("--hidden", hidden, 1, MAX_HIDDEN);
        range("--epochs", epochs, 0, 1_000_000);
        range("--batch", batch, 1, 60_000);
        if (lr != null && !(lr > 0f && Float.isFinite(lr))) {
            throw new UsageError("--lr: expected a finite value > 0, got " + lr);
        }
        if (!(momentum >= 0f && momentum < 1f)) {
            throw new UsageError("--momentum: expected a value in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0f && Float.isFinite(weightDecay))) {
            throw new UsageError("--weight-decay: expected a finite value >= 0, got " + weightDecay);
        }
        if (!(lrDecay > 0f && lrDecay <= 1f)) {
            throw new UsageError("--lr-decay: expected a factor in (0, 1], got " + lrDecay);
        }
        if (threads != null) {
            range("--threads", threads, 1, 4096);
        }
    }

    static void range(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new UsageError(option + ": expected " + min + " to " + max + ", got " + value);
        }
    }

    float learningRate() {
        return lr != null ? lr : optimizer == OptimizerKind.SGD ? 0.05f : 0.001f;
    }

    int threadCount() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }

    Optimizer buildOptimizer(float learningRate) {
        return optimizer == OptimizerKind.SGD
                ? Sgd.builder().learningRate(learningRate).momentum(momentum).weightDecay(weightDecay).build()
                : Adam.builder().learningRate(learningRate).weightDecay(weightDecay).build();
    }

    Map<String, Object> describe(float learningRate) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("arch", arch.name().toLowerCase(java.util.Locale.ROOT));
        c.put("hidden", hidden);
        c.put("epochs", epochs);
        c.put("batch", batch);
        c.put("optimizer", optimizer.name().toLowerCase(java.util.Locale.ROOT));
        c.put("lr", learningRate);
        c.put("momentum", momentum);
        c.put("weight_decay", weightDecay);
        c.put("lr_decay", lrDecay);
        c.put("seed", seed);
        c.put("threads", threadCount());
        return c;
    }
}
