package dev.lanewise.mnist;

import dev.lanewise.layers.Batch;
import dev.lanewise.layers.Evaluation;
import dev.lanewise.layers.Sequential;
import dev.lanewise.layers.SoftmaxCrossEntropy;
import dev.lanewise.layers.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Test loss and accuracy of a saved model, and its 10x10 confusion matrix.")
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    DataOptions data = new DataOptions();

    @Override
    public Integer call() throws Exception {
        Sequential net = model.load();
        MnistData mnist = data.load(System.err, 42, ModelOptions.sequences(net));
        Evaluation e = Trainer.evaluate(net, mnist.test(), new SoftmaxCrossEntropy(), 500, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "test: %d samples, loss %.4f, accuracy %.2f%%%n", e.samples(), e.loss(), 100 * e.accuracy());
        int[][] confusion = new int[MnistData.CLASSES][MnistData.CLASSES];
        for (Batch b : mnist.test().batches(500)) {
            int[] pred = Trainer.predictions(net.apply(b.inputs()));
            int[] truth = b.labels();
            for (int i = 0; i < pred.length; i++) {
                confusion[truth[i]][pred[i]]++;
            }
        }
        System.out.print(table(confusion));
        return 0;
    }

    /** Rows: true digit; columns: predicted digit. */
    static String table(int[][] confusion) {
        StringBuilder sb = new StringBuilder("confusion matrix (rows: true digit, columns: predicted)\n  true\\pred");
        for (int j = 0; j < confusion.length; j++) {
            sb.append(String.format(Locale.ROOT, "%6d", j));
        }
        sb.append('\n');
        for (int i = 0; i < confusion.length; i++) {
            sb.append(String.format(Locale.ROOT, "%11d", i));
            for (int j = 0; j < confusion.length; j++) {
                sb.append(String.format(Locale.ROOT, "%6d", confusion[i][j]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
