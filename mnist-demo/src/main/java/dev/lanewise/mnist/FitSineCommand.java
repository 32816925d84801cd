package dev.lanewise.mnist;

import dev.lanewise.layers.Adam;
import dev.lanewise.layers.Dataset;
import dev.lanewise.layers.History;
import dev.lanewise.layers.Init;
import dev.lanewise.layers.Linear;
import dev.lanewise.layers.MeanSquaredError;
import dev.lanewise.layers.Sequential;
import dev.lanewise.layers.Tanh;
import dev.lanewise.layers.Tensor;
import dev.lanewise.layers.TrainConfig;
import dev.lanewise.layers.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "fit-sine", mixinStandardHelpOptions = true,
        description = "Regression of sin(x) on [-pi, pi] with a 1-80-80-1 MLP and MSE.")
final class FitSineCommand implements Callable<Integer> {
    @Option(names = "--plot", paramLabel = "FILE.png", description = "Plot the truth, the initial and the fitted curve.")
    Path plot;

    @Option(names = "--epochs", defaultValue = "300", description = "Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        TrainOptions.range("--epochs", epochs, 0, 1_000_000);
        OutputPaths.checkWritable("--plot", plot);
        int n = 512;
        float[] x = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (-Math.PI + 2 * Math.PI * i / (n - 1));
            y[i] = (float) Math.sin(x[i]);
        }
        Dataset data = Dataset.of(Tensor.of(x, n, 1), Tensor.of(y, n, 1));
        Sequential model = Sequential.of(Linear.create(1, 80, Init.xavierUniform(), seed), new Tanh(),
                Linear.create(80, 80, Init.xavierUniform(), seed + 1), new Tanh(),
                Linear.create(80, 1, Init.xavierUniform(), seed + 2));
        History h = Trainer.fit(model, data, data, TrainConfig.builder().loss(new MeanSquaredError())
                .optimizer(Adam.builder().learningRate(0.005f).build()).batchSize(32).epochs(epochs)
                .learningRateDecay(0.995f).seed(seed).threads(1).build());
        double before = Trainer.evaluate(model, data, new MeanSquaredError(), n, 1).loss();
        double after = Trainer.evaluate(h.bestModel(), data, new MeanSquaredError(), n, 1).loss();
        System.out.printf(Locale.ROOT, "MSE of the initial network %.5f, after %d epochs %.6f (epoch %d best)%n",
                before, epochs, after, h.bestEpoch());
        if (plot != null) {
            double[] xs = new double[n], truth = new double[n], initial = new double[n], fitted = new double[n];
            float[] p0 = model.apply(data.inputs()).toArray(), p1 = h.bestModel().apply(data.inputs()).toArray();
            for (int i = 0; i < n; i++) {
                xs[i] = x[i];
                truth[i] = y[i];
                initial[i] = p0[i];
                fitted[i] = p1[i];
            }
            Plots.sine(xs, truth, initial, fitted, plot);
            System.out.println("wrote " + plot);
        }
        return 0;
    }
}
