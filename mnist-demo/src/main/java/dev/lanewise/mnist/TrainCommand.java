package dev.lanewise.mnist;

import dev.lanewise.layers.Evaluation;
import dev.lanewise.layers.History;
import dev.lanewise.layers.ModelIO;
import dev.lanewise.layers.Sequential;
import dev.lanewise.layers.SoftmaxCrossEntropy;
import dev.lanewise.layers.TrainConfig;
import dev.lanewise.layers.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a network on MNIST (50k train / 10k validation), then report the test accuracy of the "
                + "best-validation model.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    TrainOptions options = new TrainOptions();

    @Option(names = "--save", paramLabel = "FILE.safetensors", description = "Save the best-validation model.")
    Path save;

    @Option(names = "--metrics", paramLabel = "FILE.json", description = "Write per-epoch and test metrics as JSON.")
    Path metrics;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Plot loss and accuracy per epoch.")
    Path plot;

    @Override
    public Integer call() throws Exception {
        options.validate();
        OutputPaths.checkWritable("--save", save);
        OutputPaths.checkWritable("--metrics", metrics);
        OutputPaths.checkWritable("--plot", plot);
        long start = System.nanoTime();
        MnistData mnist = data.load(System.err, options.seed, options.arch.sequences());
        Run run = run(options, mnist, options.learningRate(), System.out, System.console() != null);
        if (save != null) {
            ModelIO.save(run.history().bestModel(), save);
            System.out.println("saved the best model (epoch " + run.history().bestEpoch() + ") to " + save);
        }
        double total = (System.nanoTime() - start) / 1e9;
        if (metrics != null) {
            Metrics.write(metrics, options.describe(options.learningRate()), run.history().epochs(), run.test(), total);
        }
        if (plot != null) {
            Plots.training(run.history().epochs(), "MNIST " + options.arch.name().toLowerCase(Locale.ROOT), plot);
        }
        return 0;
    }

    record Run(History history, Evaluation test) {
    }

    /** Trains with the options at {@code learningRate}, prints per-epoch lines and the test result. */
    static Run run(TrainOptions options, MnistData mnist, float learningRate, java.io.PrintStream out, boolean bars) {
        Sequential model = options.arch.build(options.hidden, options.seed);
        out.printf(Locale.ROOT, "%s: %d train / %d validation / %d test samples, %s, lr %s, %d threads%n",
                options.arch.name().toLowerCase(Locale.ROOT), mnist.train().size(), mnist.validation().size(),
                mnist.test().size(), options.optimizer.name().toLowerCase(Locale.ROOT), learningRate, options.threadCount());
        TrainConfig config = TrainConfig.builder().loss(new SoftmaxCrossEntropy())
                .optimizer(options.buildOptimizer(learningRate)).batchSize(options.batch).epochs(options.epochs)
                .seed(options.seed).learningRateDecay(options.lrDecay).threads(options.threadCount())
                .listener(new Progress(out, options.epochs, bars)).build();
        History h = Trainer.fit(model, mnist.train(), mnist.validation(), config);
        Evaluation test = Trainer.evaluate(h.bestModel(), mnist.test(), new SoftmaxCrossEntropy(), 500,
                options.threadCount());
        out.printf(Locale.ROOT, "test (best validation model, epoch %d): loss %.4f, accuracy %.2f%%%n", h.bestEpoch(),
                test.loss(), 100 * test.accuracy());
        return new Run(h, test);
    }
}
