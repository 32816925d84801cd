package dev.lanewise.spark;

import dev.lanewise.layers.Adam;
import dev.lanewise.layers.BatchNorm;
import dev.lanewise.layers.EpochStats;
import dev.lanewise.layers.History;
import dev.lanewise.layers.Init;
import dev.lanewise.layers.Linear;
import dev.lanewise.layers.ReLU;
import dev.lanewise.layers.Sequential;
import dev.lanewise.layers.Sgd;
import dev.lanewise.layers.SoftmaxCrossEntropy;
import dev.lanewise.layers.Evaluation;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParameterAveragingTest {
    static final int FEATURES = 784, CLASSES = 10;
    static final StructType SCHEMA = new StructType()
            .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), true)
            .add("label", DataTypes.IntegerType, true);
    private final SparkSession spark = LocalSpark.get();

    /**
     * MNIST-shaped synthetic data: 784 features in [0, 1], 10 classes, each sample its class's fixed random pattern
     * plus noise (learnable, not trivially: the patterns overlap and the noise is strong).
     */
    static List<Row> synthetic(int n, long seed) {
        SplittableRandom patterns = new SplittableRandom(42);
        float[][] proto = new float[CLASSES][FEATURES];
        for (float[] p : proto) {
            for (int j = 0; j < FEATURES; j++) {
                p[j] = patterns.nextDouble() < 0.2 ? 1f : 0f;
            }
        }
        SplittableRandom r = new SplittableRandom(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = r.nextInt(CLASSES);
            float[] x = new float[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                double v = proto[label][j] * 0.6 + r.nextDouble() * 0.7;
                x[j] = (float) Math.min(1, v);
            }
            rows.add(RowFactory.create(x, label));
        }
        return rows;
    }

    private Dataset<Row> frame(List<Row> rows, int partitions) {
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions),
                SCHEMA);
    }

    private static Sequential mlp(long seed) {
        return Sequential.of(Linear.create(FEATURES, 64, Init.heNormal(), seed), new ReLU(),
                Linear.create(64, CLASSES, Init.heNormal(), seed + 1));
    }

    private static ParameterAveraging.Builder sgd() {
        return ParameterAveraging.builder().loss(SoftmaxCrossEntropy::new)
                .optimizer(() -> Sgd.builder().learningRate(0.05f).momentum(0.9f).build());
    }

    @Test
    void twoPartitionsConvergeOnMnistShapedDataAndTwoRunsAreBitIdentical() {
        Dataset<Row> train = frame(synthetic(4000, 1), 3), validation = frame(synthetic(1000, 2), 2);
        ParameterAveraging pa = sgd().batchSize(32).epochs(3).averagingPeriod(8).partitions(2).seed(7).build();
        List<String> periods = new ArrayList<>();
        History a = pa.fit(mlp(1), train, validation);
        History b = ParameterAveraging.builder().loss(SoftmaxCrossEntropy::new)
                .optimizer(() -> Sgd.builder().learningRate(0.05f).momentum(0.9f).build())
                .batchSize(32).epochs(3).averagingPeriod(8).partitions(2).seed(7)
                .listener(new dev.lanewise.layers.EpochListener() {
                    @Override
                    public void epochEnded(EpochStats stats, Sequential model) {
                        periods.add("epoch " + stats.epoch());
                    }

                    @Override
                    public void batchEnded(int epoch, int done, int total) {
                        periods.add(epoch + ":" + done + "/" + total);
                    }
                }).build().fit(mlp(1), train, validation);
        assertThat(a.epochs()).hasSize(3);
        EpochStats first = a.epochs().getFirst(), last = a.epochs().getLast();
        assertThat(last.validationAccuracy()).isGreaterThan(0.9);
        assertThat(last.trainLoss()).isLessThan(first.trainLoss());
        assertThat(last.validationLoss()).isLessThan(first.validationLoss());
        // Bit-identical: every parameter and optimizer slot, and every loss and accuracy.
        assertThat(b.finalModel().stateDict()).isEqualTo(a.finalModel().stateDict());
        assertThat(b.optimizerState().slots()).isEqualTo(a.optimizerState().slots());
        for (int e = 0; e < 3; e++) {
            assertThat(b.epochs().get(e).trainLoss()).isEqualTo(a.epochs().get(e).trainLoss());
            assertThat(b.epochs().get(e).validationLoss()).isEqualTo(a.epochs().get(e).validationLoss());
            assertThat(b.epochs().get(e).validationAccuracy()).isEqualTo(a.epochs().get(e).validationAccuracy());
        }
        // 4000 rows in 2 shards of ~2000 → ~63 batches of 32 each → 8 periods of 8 per epoch, progress after each.
        assertThat(periods).contains("epoch 1", "epoch 3", "1:4000/4000", "3:4000/4000");
        assertThat(periods.stream().filter(s -> s.startsWith("2:")).count()).isEqualTo(8);
        // Distributed evaluation agrees with the history's last validation.
        Evaluation ev = DistributedEvaluation.evaluate(a.finalModel(), validation, SoftmaxCrossEntropy::new,
                "features", "label", 32);
        assertThat(ev.accuracy()).isEqualTo(last.validationAccuracy());
        assertThat(ev.samples()).isEqualTo(1000);
        // Another seed partitions and orders differently: another model.
        History c = sgd().batchSize(32).epochs(1).averagingPeriod(8).partitions(2).seed(8).build().fit(mlp(1), train, null);
        History a1 = sgd().batchSize(32).epochs(1).averagingPeriod(8).partitions(2).seed(7).build().fit(mlp(1), train, null);
        assertThat(c.finalModel().stateDict()).isNotEqualTo(a1.finalModel().stateDict());
    }

    @Test
    void everyJobIsNamedInTheSparkUiAndTheCallersDescriptionIsRestored() throws Exception {
        List<String> descriptions = java.util.Collections.synchronizedList(new ArrayList<>());
        org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart job) {
                descriptions.add(String.valueOf(job.properties().getProperty("spark.job.description")));
            }
        };
        spark.sparkContext().addSparkListener(listener);
        try {
            spark.sparkContext().setLocalProperty("spark.job.description", "the caller's");
            sgd().batchSize(50).epochs(2).averagingPeriod(2).partitions(0).build()
                    .fit(mlp(1), frame(synthetic(400, 5), 2), frame(synthetic(100, 6), 1));
            assertThat(spark.sparkContext().getLocalProperty("spark.job.description")).isEqualTo("the caller's");
        } finally {
            spark.sparkContext().removeSparkListener(listener);
            spark.sparkContext().setLocalProperty("spark.job.description", null);
        }
        // Listener events arrive asynchronously: wait for the bus to drain.
        spark.sparkContext().listenerBus().waitUntilEmpty();
        // 400 rows in the input's 2 partitions of 200 → 4 batches of 50 each → 2 periods of 2 batches per epoch.
        assertThat(descriptions).contains("lanewise fit: epoch 1/2, averaging period 1/2 (2 batches of 50 per partition)",
                "lanewise fit: epoch 2/2, averaging period 2/2 (2 batches of 50 per partition)",
                "lanewise fit: epoch 2/2, validation");
        assertThat(descriptions).allMatch(d -> d.startsWith("lanewise fit: "));
    }

    @Test
    void withOnePartitionTheAveragingPeriodChangesNothing() {
        // One shard: averaging one state is the identity, so cutting training into periods (the model and the
        // optimizer's state crossing to the driver and back every period) must not change a bit.
        Dataset<Row> train = frame(synthetic(600, 3), 2);
        Sequential model = Sequential.of(Linear.create(FEATURES, 32, Init.heNormal(), 5), new BatchNorm(32), new ReLU(),
                Linear.create(32, CLASSES, Init.heNormal(), 6));
        ParameterAveraging.Builder adam = ParameterAveraging.builder().loss(SoftmaxCrossEntropy::new)
                .optimizer(() -> Adam.builder().learningRate(1e-3f).build()).batchSize(50).epochs(2).partitions(1).seed(3);
        History whole = adam.averagingPeriod(1000).build().fit(model, train, null);
        History cut = adam.averagingPeriod(1).build().fit(model, train, null);
        History thirds = adam.averagingPeriod(5).build().fit(model, train, null);
        assertThat(cut.finalModel().stateDict()).isEqualTo(whole.finalModel().stateDict());
        assertThat(thirds.finalModel().stateDict()).isEqualTo(whole.finalModel().stateDict());
        assertThat(cut.optimizerState()).isEqualTo(whole.optimizerState());
        assertThat(whole.optimizerState().steps()).isEqualTo(24);
        assertThat(whole.finalModel().stateDict().get("1.num_batches_tracked").toArray()).containsExactly(24f);
        assertThat(whole.finalModel().stateDict()).isNotEqualTo(model.stateDict());
    }

    @Test
    void averagingTakesTheMeanOfEveryTensorInPartitionOrderAndTheLargestCount() {
        Sequential m = Sequential.of(Linear.create(3, 2, Init.heNormal(), 1), new BatchNorm(2));
        Sequential a = m.withStateDict(scaled(m, 1f, 4f)), b = m.withStateDict(scaled(m, 3f, 6f));
        Sgd opt = Sgd.builder().learningRate(0.1f).build();
        ModelState avg = ModelState.average(List.of(ModelState.of(a, opt.state()), ModelState.of(b, opt.state())));
        var out = avg.model(m).stateDict();
        float[] w = m.stateDict().get("0.weight").toArray(), got = out.get("0.weight").toArray();
        for (int i = 0; i < w.length; i++) {
            assertThat(got[i]).isEqualTo((float) ((w[i] * 1f + (double) (w[i] * 3f)) / 2));
        }
        assertThat(out.get("1.num_batches_tracked").toArray()).containsExactly(6f);
        assertThat(out.get("1.running_var").toArray()).containsExactly(2f, 2f);
    }

    /** Every tensor of {@code m} times {@code factor}, the batch count set to {@code count}. */
    private static java.util.Map<String, dev.lanewise.layers.Tensor> scaled(Sequential m, float factor, float count) {
        java.util.Map<String, dev.lanewise.layers.Tensor> out = new java.util.LinkedHashMap<>();
        m.stateDict().forEach((name, t) -> {
            float[] v = t.toArray();
            for (int i = 0; i < v.length; i++) {
                v[i] = name.endsWith("num_batches_tracked") ? count : v[i] * factor;
            }
            out.put(name, dev.lanewise.layers.Tensor.of(v, t.shape()));
        });
        return out;
    }

    @Test
    void sparkMlStyleDoubleLabelsTrainAsTheirClassesAndFractionsAreRefused() {
        List<Row> ints = synthetic(200, 9);
        List<Row> doubles = new ArrayList<>();
        for (Row r : ints) {
            doubles.add(RowFactory.create(r.get(0), (double) r.getInt(1)));
        }
        StructType schema = new StructType().add("features", DataTypes.createArrayType(DataTypes.FloatType, false))
                .add("label", DataTypes.DoubleType);
        Dataset<Row> asDoubles = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(doubles, 2), schema);
        ParameterAveraging pa = sgd().batchSize(20).epochs(1).averagingPeriod(3).build();
        assertThat(pa.fit(mlp(1), asDoubles, null).finalModel().stateDict())
                .isEqualTo(pa.fit(mlp(1), frame(ints, 2), null).finalModel().stateDict());
        doubles.set(5, RowFactory.create(doubles.get(5).get(0), 2.5));
        Dataset<Row> fraction = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(doubles, 1), schema);
        assertThatThrownBy(() -> pa.fit(mlp(1), fraction, null))
                .hasStackTraceContaining("row 5 of partition 0: column 'label' expected a whole class number, got 2.5");
    }

    @Test
    void badRowsFailTheFirstJobNamingTheRowAndColumn() {
        List<Row> rows = new ArrayList<>(synthetic(50, 4));
        rows.set(17, RowFactory.create(new float[FEATURES], 10));
        ParameterAveraging pa = sgd().epochs(1).build();
        assertThatThrownBy(() -> pa.fit(mlp(1), frame(rows, 1), null))
                .hasStackTraceContaining("row 17 of partition 0: column 'label' expected a class in [0, 10)")
                .hasStackTraceContaining("got 10");
        rows.set(17, RowFactory.create(null, 1));
        assertThatThrownBy(() -> pa.fit(mlp(1), frame(rows, 1), null))
                .hasStackTraceContaining("row 17 of partition 0: column 'features' is null");
        rows.set(17, RowFactory.create(new float[FEATURES], null));
        assertThatThrownBy(() -> sgd().partitions(2).build().fit(mlp(1), frame(rows, 1), null))
                .hasStackTraceContaining("input row 17: column 'label' is null");
        rows.set(17, RowFactory.create(new float[5], 1));
        assertThatThrownBy(() -> pa.fit(mlp(1), frame(rows, 1), null))
                .hasStackTraceContaining("row 17 of partition 0: column 'features' expected 784 features");
        rows.set(0, RowFactory.create(new float[5], 1));
        assertThatThrownBy(() -> pa.fit(mlp(1), frame(rows, 1), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the first row's 5 features in column 'features' do not fit the model");
        assertThatThrownBy(() -> sgd().labelCol("y").build().fit(mlp(1), frame(rows, 1), null))
                .hasMessageContaining("labelCol: expected one of the columns [features, label], got 'y'");
        assertThatThrownBy(() -> ParameterAveraging.builder().averagingPeriod(0)).hasMessageContaining("averagingPeriod");
        assertThatThrownBy(() -> ParameterAveraging.builder().build()).hasMessageContaining("loss");
    }
}
