package dev.lanewise.spark;

import dev.lanewise.layers.Dataset;
import dev.lanewise.layers.Evaluation;
import dev.lanewise.layers.History;
import dev.lanewise.layers.Init;
import dev.lanewise.layers.Linear;
import dev.lanewise.layers.ReLU;
import dev.lanewise.layers.Sequential;
import dev.lanewise.layers.Sgd;
import dev.lanewise.layers.SoftmaxCrossEntropy;
import dev.lanewise.layers.Tensor;
import dev.lanewise.layers.TrainConfig;
import dev.lanewise.layers.Trainer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The measurement behind docs/spark.md (not a test): real MNIST written to Parquet (train 50,000 / validation the
 * last 10,000 of the training file / the 10,000 test images), then 784-300-10 trained on Spark {@code local[2]} by
 * parameter averaging for each averaging period given, and the same model trained in this process by
 * {@code Trainer.fit} at 2 threads; then batch inference rows/s, Spark against local {@code predict}. Arguments:
 * {@code local EPOCHS} (Trainer.fit only), {@code spark EPOCHS PARTITIONS K} (one averaging period), or
 * {@code infer} — one per JVM, so that no run warms the JIT for another. Run it with the test class path
 * (docs/spark.md).
 */
public final class MnistOnSpark {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        long begin = System.nanoTime();
        MnistRows mnist = MnistRows.load();
        SparkSession spark = SparkSession.builder().master("local[2]").appName("lanewise MNIST on Spark")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
        Path dir = Files.createTempDirectory("mnist-parquet");
        write(spark, mnist.train.subList(0, 50_000), dir.resolve("train"));
        write(spark, mnist.train.subList(50_000, 60_000), dir.resolve("validation"));
        write(spark, mnist.test, dir.resolve("test"));
        org.apache.spark.sql.Dataset<Row> train = spark.read().parquet(dir.resolve("train").toString());
        org.apache.spark.sql.Dataset<Row> validation = spark.read().parquet(dir.resolve("validation").toString());
        org.apache.spark.sql.Dataset<Row> test = spark.read().parquet(dir.resolve("test").toString());
        System.out.printf("train %d rows in %d input partitions%n", train.count(), train.javaRDD().getNumPartitions());
        Sequential model = Sequential.of(Linear.create(784, 300, Init.heNormal(), 42), new ReLU(),
                Linear.create(300, 10, Init.heNormal(), 43));

        Dataset localTrain = local(mnist.train.subList(0, 50_000)), localValidation = local(mnist.train.subList(50_000, 60_000));
        Dataset localTest = local(mnist.test);
        System.out.printf("setup (MNIST read, Spark started, Parquet written) %.2f s%n", (System.nanoTime() - begin) / 1e9);
        if (mode.equals("local")) {
            long t0 = System.nanoTime();
            History h = Trainer.fit(model, localTrain, localValidation, TrainConfig.builder().loss(new SoftmaxCrossEntropy())
                    .optimizer(Sgd.builder().learningRate(0.05f).momentum(0.9f).weightDecay(1e-4f).build())
                    .batchSize(64).epochs(epochs).seed(42).learningRateDecay(0.9f).threads(2).build());
            double localSeconds = (System.nanoTime() - t0) / 1e9;
            Evaluation localEval = Trainer.evaluate(h.finalModel(), localTest, new SoftmaxCrossEntropy(), 256, 2);
            System.out.printf("local Trainer.fit, 2 threads: %.2f s, test accuracy %.2f%%, epochs %s%n", localSeconds,
                    100 * localEval.accuracy(), seconds(h));
        }

        if (mode.equals("spark")) {
            int k = Integer.parseInt(args[3]);
            long s0 = System.nanoTime();
            History sh = ParameterAveraging.builder().loss(SoftmaxCrossEntropy::new)
                    .optimizer(() -> Sgd.builder().learningRate(0.05f).momentum(0.9f).weightDecay(1e-4f).build())
                    .batchSize(64).epochs(epochs).averagingPeriod(k).partitions(partitions).seed(42)
                    .learningRateDecay(0.9f).build().fit(model, train, validation);
            double seconds = (System.nanoTime() - s0) / 1e9;
            Evaluation e = DistributedEvaluation.evaluate(sh.finalModel(), test, SoftmaxCrossEntropy::new, "features",
                    "label", 256);
            int periods = (int) Math.ceil(Math.ceil(50_000.0 / partitions / 64) / k);
            System.out.printf("spark local[2], %d partitions, K=%d: %.2f s, test accuracy %.2f%%, validation by epoch %s,"
                            + " epochs %s, %d periods/epoch%n", partitions, k, seconds, 100 * e.accuracy(),
                    accuracies(sh), seconds(sh), periods);
        }

        if (mode.equals("infer")) {
            Sequential scorer = model;
            org.apache.spark.sql.Dataset<Row> all = spark.read().parquet(dir.resolve("train").toString()).cache();
            all.count();
            for (int round = 0, rounds = Integer.getInteger("rounds", 3); round < rounds; round++) {
                long s0 = System.nanoTime();
                long n = SparkPredictor.of(scorer).transform(all).select("prediction")
                        .where("prediction >= 0").count();
                double sparkSeconds = (System.nanoTime() - s0) / 1e9;
                float[] x = localTrain.inputs().toArray();
                float[] out = new float[50_000 * 10];
                long l0 = System.nanoTime();
                for (int b = 0; b < 50_000; b += 256) {
                    int rows = Math.min(256, 50_000 - b);
                    float[] in = java.util.Arrays.copyOfRange(x, b * 784, (b + rows) * 784);
                    float[] o = new float[rows * 10];
                    scorer.predict(in, rows, o, 2);
                    System.arraycopy(o, 0, out, b * 10, o.length);
                }
                double localPredict = (System.nanoTime() - l0) / 1e9;
                System.out.printf("inference round %d: Spark %d rows in %.2f s = %.0f rows/s; local predict (batch 256, 2"
                        + " threads) %.0f rows/s%n", round, n, sparkSeconds, n / sparkSeconds, 50_000 / localPredict);
            }
        }
        spark.stop();
    }

    private static void write(SparkSession spark, List<Row> rows, Path path) {
        int chunk = 5_000;
        for (int i = 0; i < rows.size(); i += chunk) {
            spark.createDataFrame(rows.subList(i, Math.min(rows.size(), i + chunk)), MnistRows.SCHEMA).coalesce(1)
                    .write().mode(i == 0 ? "overwrite" : "append").parquet(path.toString());
        }
    }

    private static Dataset local(List<Row> rows) {
        float[] x = new float[rows.size() * 784];
        int[] y = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy((float[]) rows.get(i).get(0), 0, x, i * 784, 784);
            y[i] = rows.get(i).getInt(1);
        }
        return Dataset.of(Tensor.of(x, rows.size(), 784), y);
    }

    private static String seconds(History h) {
        return h.epochs().stream().map(e -> String.format("%.2f", e.seconds())).toList().toString();
    }

    private static String accuracies(History h) {
        return h.epochs().stream().map(e -> String.format("%.2f", 100 * e.validationAccuracy())).toList().toString();
    }
}
