package dev.lanewise.spark;

import dev.lanewise.layers.Init;
import dev.lanewise.layers.Linear;
import dev.lanewise.layers.ReLU;
import dev.lanewise.layers.Sequential;
import dev.lanewise.layers.Softmax;
import dev.lanewise.layers.Tanh;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SparkPredictorTest {
    private static final int FEATURES = 20;
    private final SparkSession spark = LocalSpark.get();

    private static Sequential classifier() {
        return Sequential.of(Linear.create(FEATURES, 16, Init.heNormal(), 1), new ReLU(),
                Linear.create(16, 5, Init.heNormal(), 2), new Softmax());
    }

    private static float[][] samples(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][FEATURES];
        for (float[] row : x) {
            for (int j = 0; j < FEATURES; j++) {
                row[j] = (float) r.nextDouble(-2, 2);
            }
        }
        return x;
    }

    private static final StructType FLOAT_ROWS = new StructType().add("id", DataTypes.IntegerType, false)
            .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), true);

    /** Rows {@code id, features}; partition p holds the contiguous rows [p·n/partitions, (p+1)·n/partitions). */
    private Dataset<Row> floatRows(float[][] x, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            rows.add(RowFactory.create(i, x[i]));
        }
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions),
                FLOAT_ROWS);
    }

    /**
     * What local {@code predict(samples, batch, out, 1)} gives each row when the rows are cut as the predictor cuts
     * them: each partition (contiguous, as {@link #floatRows} makes them) in batches of {@code batch} rows.
     */
    private static float[][] localPredictions(Sequential model, float[][] x, int partitions, int batch) {
        float[][] out = new float[x.length][];
        for (int p = 0; p < partitions; p++) {
            int from = (int) ((long) p * x.length / partitions), to = (int) ((long) (p + 1) * x.length / partitions);
            for (int b = from; b < to; b += batch) {
                int n = Math.min(batch, to - b);
                float[] in = new float[n * FEATURES];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(x[b + i], 0, in, i * FEATURES, FEATURES);
                }
                int width = model.predict(x[b]).length;
                float[] y = new float[n * width];
                model.predict(in, n, y, 1);
                for (int i = 0; i < n; i++) {
                    out[b + i] = java.util.Arrays.copyOfRange(y, i * width, (i + 1) * width);
                }
            }
        }
        return out;
    }

    private static float[] floats(Row row, String column) {
        List<Object> list = row.getList(row.fieldIndex(column));
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Float) list.get(i);
        }
        return out;
    }

    @Test
    void thousandsOfRowsInManyPartitionsGetExactlyTheLocalPredictions() {
        Sequential model = classifier();
        float[][] x = samples(3001, 7);
        float[][] local = localPredictions(model, x, 8, 64);
        ModelBroadcast shared = ModelBroadcast.of(model);
        List<Row> out = SparkPredictor.of(model).batchSize(64).transform(floatRows(x, 8), shared)
                .orderBy("id").collectAsList();
        assertThat(out).hasSize(3001);
        for (Row row : out) {
            int id = row.getInt(0);
            assertThat(floats(row, "probability")).as("row %d", id).containsExactly(local[id]);
            int argmax = 0;
            for (int j = 1; j < local[id].length; j++) {
                argmax = local[id][j] > local[id][argmax] ? j : argmax;
            }
            assertThat(row.getInt(row.fieldIndex("prediction"))).isEqualTo(argmax);
            assertThat(floats(row, "features")).containsExactly(x[id]);
        }
        // Eight partitions on two task slots: the executor (this JVM in local mode) decoded the model once.
        assertThat(shared.loads()).isEqualTo(1);
    }

    @Test
    void aModelWithoutSoftmaxGetsItsOutputAndTheSoftmaxOfIt() {
        Sequential logits = Sequential.of(Linear.create(FEATURES, 40, Init.heNormal(), 3), new Tanh(),
                Linear.create(40, 4, Init.heNormal(), 4));
        Sequential withSoftmax = Sequential.of(Stream.concat(logits.layers().stream(), Stream.of(new Softmax())).toList());
        float[][] x = samples(500, 8);
        float[][] output = localPredictions(logits, x, 3, 100), probability = localPredictions(withSoftmax, x, 3, 100);
        List<Row> out = SparkPredictor.of(logits).outputCol("output").predictionCol(null).batchSize(100)
                .transform(floatRows(x, 3)).orderBy("id").collectAsList();
        assertThat(out.getFirst().schema().fieldNames()).containsExactly("id", "features", "probability", "output");
        for (Row row : out) {
            int id = row.getInt(0);
            assertThat(floats(row, "output")).containsExactly(output[id]);
            assertThat(floats(row, "probability")).containsExactly(probability[id]);
        }
        // Batches of one row are predict(sample) itself.
        List<Row> single = SparkPredictor.of(logits).outputCol("output").batchSize(1).transform(floatRows(x, 2))
                .orderBy("id").collectAsList();
        for (Row row : single) {
            assertThat(floats(row, "output")).containsExactly(logits.predict(x[row.getInt(0)]));
        }
    }

    @Test
    void sparkMlVectorsDenseAndSparseScoreAsTheirValues() {
        Sequential model = classifier();
        float[][] x = samples(200, 9);
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("v", SQLDataTypes.VectorType());
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            double[] d = new double[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                d[j] = j % 3 == 0 ? 0 : x[i][j];
                x[i][j] = (float) d[j];
            }
            rows.add(RowFactory.create(i, i % 2 == 0 ? Vectors.dense(d) : Vectors.dense(d).toSparse()));
        }
        List<Row> out = SparkPredictor.of(model).featuresCol("v").batchSize(1)
                .transform(spark.createDataFrame(rows, schema)).orderBy("id").collectAsList();
        assertThat(out).hasSize(200);
        for (Row row : out) {
            assertThat(floats(row, "probability")).containsExactly(model.predict(x[row.getInt(0)]));
        }
    }

    @Test
    void doubleArraysScoreAsTheirValuesRoundedToFloat() {
        Sequential model = classifier();
        float[][] x = samples(100, 10);
        StructType schema = new StructType().add("id", DataTypes.IntegerType)
                .add("features", DataTypes.createArrayType(DataTypes.DoubleType, false));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            double[] d = new double[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                d[j] = x[i][j] + 1e-12;   // rounds back to x[i][j] as a float
            }
            rows.add(RowFactory.create(i, d));
        }
        List<Row> out = SparkPredictor.of(model).batchSize(1).transform(spark.createDataFrame(rows, schema))
                .orderBy("id").collectAsList();
        assertThat(out).hasSize(100);
        for (Row row : out) {
            assertThat(floats(row, "probability")).containsExactly(model.predict(x[row.getInt(0)]));
        }
    }

    @Test
    void aRowOfTheWrongLengthOrNullFailsTheJobNamingTheRowAndColumn() {
        Sequential model = classifier();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(RowFactory.create(i, i == 6 ? new float[FEATURES - 1] : new float[FEATURES]));
        }
        Dataset<Row> one = spark.createDataFrame(rows, FLOAT_ROWS).coalesce(1);
        assertThatThrownBy(() -> SparkPredictor.of(model).transform(one).collectAsList())
                .hasStackTraceContaining("row 6 of partition 0: column 'features' expected 20 features")
                .hasStackTraceContaining("got 19");
        rows.set(6, RowFactory.create(6, null));
        Dataset<Row> withNull = spark.createDataFrame(rows, FLOAT_ROWS).coalesce(1);
        assertThatThrownBy(() -> SparkPredictor.of(model).transform(withNull).collectAsList())
                .hasStackTraceContaining("row 6 of partition 0: column 'features' is null");
        List<Row> firstBad = List.of(RowFactory.create(0, new float[3]));
        assertThatThrownBy(() -> SparkPredictor.of(model).transform(spark.createDataFrame(firstBad, FLOAT_ROWS))
                .collectAsList()).hasStackTraceContaining("row 0 of partition 0: column 'features' does not fit the model");
    }

    @Test
    void badColumnsFailAtOnceNamingWhatIsThere() {
        Sequential model = classifier();
        Dataset<Row> df = floatRows(samples(4, 1), 1);
        assertThatThrownBy(() -> SparkPredictor.of(model).featuresCol("pixels").transform(df))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("featuresCol: expected one of the columns [id, features], got 'pixels'");
        assertThatThrownBy(() -> SparkPredictor.of(model).featuresCol("id").transform(df))
                .hasMessageContaining("expected array<float>, array<double> or a Spark ML vector, got int");
        assertThatThrownBy(() -> SparkPredictor.of(model).predictionCol("id").transform(df))
                .hasMessageContaining("output column 'id': already a column");
        assertThatThrownBy(() -> SparkPredictor.of(model).batchSize(0)).hasMessageContaining("batchSize");
    }

    @Test
    void aFailedWriteLeavesNoHalfWrittenOutput(@TempDir Path dir) throws Exception {
        Sequential model = classifier();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            rows.add(RowFactory.create(i, i == 399 ? new float[2] : new float[FEATURES]));
        }
        Path target = dir.resolve("scored");
        Dataset<Row> df = spark.createDataFrame(rows, FLOAT_ROWS).coalesce(4);
        assertThatThrownBy(() -> SparkPredictor.of(model).transform(df).write().parquet(target.toString()))
                .hasStackTraceContaining("column 'features' expected 20 features");
        if (Files.exists(target)) {
            try (Stream<Path> files = Files.walk(target)) {
                assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith("part-") || n.equals("_SUCCESS")).toList()).isEmpty();
            }
        }
        // And the same job on good rows writes every row.
        rows.set(399, RowFactory.create(399, new float[FEATURES]));
        SparkPredictor.of(model).transform(spark.createDataFrame(rows, FLOAT_ROWS).coalesce(4)).write()
                .mode("overwrite").parquet(target.toString());
        assertThat(spark.read().parquet(target.toString()).count()).isEqualTo(400);
    }
}
