package dev.lanewise.mnist;

import dev.lanewise.layers.Sequential;
import dev.lanewise.layers.Tensor;
import dev.lanewise.layers.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict random test digits with a saved model: ground truth and prediction as text and as a PNG grid.")
final class PredictCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--count", defaultValue = "10", description = "Digits to show. Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(names = "--seed", defaultValue = "1", description = "Picks the digits. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--png", paramLabel = "FILE.png", description = "Also draw the digits with GT/Pred titles.")
    Path png;

    @Override
    public Integer call() throws Exception {
        TrainOptions.range("--count", count, 1, 10_000);
        OutputPaths.checkWritable("--png", png);
        Sequential net = model.load();
        MnistData mnist = data.load(System.err, 42, ModelOptions.sequences(net));
        Tensor inputs = mnist.test().inputs();
        int[] labels = mnist.test().labels();
        float[] all = inputs.toArray();
        int n = labels.length, k = Math.min(count, n);
        int[] picks = new SplittableRandom(seed).ints(0, n).distinct().limit(k).toArray();
        float[] chosen = new float[k * MnistData.PIXELS];
        int[] truth = new int[k];
        List<float[]> images = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            System.arraycopy(all, picks[i] * MnistData.PIXELS, chosen, i * MnistData.PIXELS, MnistData.PIXELS);
            images.add(java.util.Arrays.copyOfRange(chosen, i * MnistData.PIXELS, (i + 1) * MnistData.PIXELS));
            truth[i] = labels[picks[i]];
        }
        int[] shape = ModelOptions.sequences(net) ? new int[]{k, 28, 28} : new int[]{k, MnistData.PIXELS};
        int[] predicted = Trainer.predictions(net.apply(Tensor.of(chosen, shape)));
        int right = 0;
        for (int i = 0; i < k; i++) {
            System.out.printf("test #%-5d GT: %d, Pred: %d%s%n", picks[i], truth[i], predicted[i],
                    truth[i] == predicted[i] ? "" : "   <- wrong");
            right += truth[i] == predicted[i] ? 1 : 0;
        }
        System.out.printf("%d of %d correct%n", right, k);
        if (png != null) {
            Plots.digits(images, truth, predicted, png);
            System.out.println("wrote " + png);
        }
        return 0;
    }
}
