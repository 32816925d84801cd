package dev.lanewise.mnist;

import dev.lanewise.layers.EpochStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Train one model per learning rate; plot validation accuracy per epoch and each test accuracy.")
final class SweepCommand implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    TrainOptions options = new TrainOptions();

    @Option(names = "--lrs", required = true, split = ",", paramLabel = "LR[,LR...]", description = "Learning rates, e.g. 0.01,0.1,1.0.")
    List<Float> lrs;

    @Option(names = "--plot", defaultValue = "mnist-sweep.png", paramLabel = "FILE.png",
            description = "The sweep chart. Default: ${DEFAULT-VALUE} in the current directory.")
    Path plot;

    @Override
    public Integer call() throws Exception {
        options.validate();
        if (options.lr != null) {
            throw new UsageError("--lr: sweep trains at each of --lrs; drop --lr (got " + options.lr + ")");
        }
        for (float lr : lrs) {
            if (!(lr > 0f && Float.isFinite(lr))) {
                throw new UsageError("--lrs: expected finite learning rates > 0, got " + lr);
            }
        }
        OutputPaths.checkWritable("--plot", plot);
        MnistData mnist = data.load(System.err, options.seed, options.arch.sequences());
        Map<Float, List<EpochStats>> runs = new LinkedHashMap<>();
        Map<Float, Double> tests = new LinkedHashMap<>();
        for (float lr : lrs) {
            TrainCommand.Run run = TrainCommand.run(options, mnist, lr, System.out, System.console() != null);
            runs.put(lr, run.history().epochs());
            tests.put(lr, run.test().accuracy());
        }
        Plots.sweep(runs, tests, plot);
        float bestLr = lrs.get(0);
        double bestValidation = -1;
        for (Map.Entry<Float, List<EpochStats>> run : runs.entrySet()) {
            EpochStats best = Plots.bestEpoch(run.getValue());
            if (best != null && best.validationAccuracy() > bestValidation) {
                bestValidation = best.validationAccuracy();
                bestLr = run.getKey();
            }
        }
        System.out.printf(java.util.Locale.ROOT, "best learning rate: %s (validation accuracy %.2f%%, test %.2f%%)%n",
                bestLr, 100 * bestValidation, 100 * tests.get(bestLr));
        System.out.println("wrote " + plot.toAbsolutePath());
        return 0;
    }
}
