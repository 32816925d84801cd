package dev.lanewise.spark;

import dev.lanewise.layers.Sequential;
import dev.lanewise.layers.Softmax;
import dev.lanewise.layers.Tensor;
import dev.lanewise.layers.Trainer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Batch inference over a Spark {@code Dataset<Row>}: every row's features go through a lanewise model, in batches,
 * and the result gets the model's answer as new columns — by default {@code prediction} (the class: the index of the
 * largest output, an int) and {@code probability} (the model's output if its last layer is {@link Softmax}, else the
 * softmax of it, as {@code array<float>}); {@link #outputCol} adds the raw output. The values are those of
 * {@link Sequential#predict(float[], int, float[], int)} on the same rows, bit for bit.
 *
 * <pre>{@code
 * Dataset<Row> scored = SparkPredictor.of(model).featuresCol("features").transform(images);
 * }</pre>
 *
 * <p>The model travels to the executors once, as its safetensors bytes in a Spark broadcast; each executor JVM
 * decodes it once and its tasks share it. The transformation is lazy like any Dataset's. A row whose features are
 * null, of another length than the model reads, or not numbers fails the job with an IllegalArgumentException that
 * names the row (its position in its partition) and the column. Immutable; {@code with…} methods return copies.
 */
public final class SparkPredictor {
    private final Sequential model;
    private final String featuresCol;
    private final String predictionCol;
    private final String probabilityCol;
    private final String outputCol;
    private final int batchSize;

    private SparkPredictor(Sequential model, String featuresCol, String predictionCol, String probabilityCol,
                           String outputCol, int batchSize) {
        this.model = model;
        this.featuresCol = featuresCol;
        this.predictionCol = predictionCol;
        this.probabilityCol = probabilityCol;
        this.outputCol = outputCol;
        this.batchSize = batchSize;
    }

    /** A predictor for {@code model}: features from column {@code features}, batches of 256 rows. */
    public static SparkPredictor of(Sequential model) {
        Objects.requireNonNull(model, "model: expected a model, got null");
        return new SparkPredictor(model, "features", "prediction", "probability", null, 256);
    }

    public SparkPredictor featuresCol(String column) {
        return new SparkPredictor(model, required(column, "featuresCol"), predictionCol, probabilityCol, outputCol,
                batchSize);
    }

    /** The class column's name, or null for none. */
    public SparkPredictor predictionCol(String column) {
        return new SparkPredictor(model, featuresCol, column, probabilityCol, outputCol, batchSize);
    }

    /** The probability column's name, or null for none. */
    public SparkPredictor probabilityCol(String column) {
        return new SparkPredictor(model, featuresCol, predictionCol, column, outputCol, batchSize);
    }

    /** A column for the model's raw output ({@code array<float>}), or null for none (the default). */
    public SparkPredictor outputCol(String column) {
        return new SparkPredictor(model, featuresCol, predictionCol, probabilityCol, column, batchSize);
    }

    /** Rows per model call (default 256): larger batches run the GEMM kernels nearer their peak. */
    public SparkPredictor batchSize(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("batchSize: expected >= 1 rows, got " + rows);
        }
        return new SparkPredictor(model, featuresCol, predictionCol, probabilityCol, outputCol, rows);
    }

    private static String required(String column, String argument) {
        if (column == null || column.isEmpty()) {
            throw new IllegalArgumentException(argument + ": expected a column name, got "
                    + (column == null ? "null" : "''"));
        }
        return column;
    }

    /** The schema {@link #transform} gives {@code input}: its columns, then the new ones. */
    public StructType transformSchema(StructType input) {
        Features.of(input, featuresCol);
        StructType out = input;
        for (String c : new String[] {predictionCol, probabilityCol, outputCol}) {
            if (c != null && List.of(out.fieldNames()).contains(c)) {
                throw new IllegalArgumentException("output column '" + c + "': already a column of the input "
                        + List.of(input.fieldNames()));
            }
            if (c != null) {
                out = out.add(c, c.equals(predictionCol) ? DataTypes.IntegerType
                        : DataTypes.createArrayType(DataTypes.FloatType, false), false);
            }
        }
        return out;
    }

    /** {@code input} with the model's answer for every row as new columns (lazy: runs when the result is used). */
    public Dataset<Row> transform(Dataset<Row> input) {
        Objects.requireNonNull(input, "input: expected a Dataset, got null");
        return transform(input, ModelBroadcast.of(model));
    }

    /** {@link #transform(Dataset)} with the broadcast value given (tests count its loads). */
    Dataset<Row> transform(Dataset<Row> input, ModelBroadcast value) {
        StructType schema = transformSchema(input.schema());
        Features features = Features.of(input.schema(), featuresCol);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(input.sparkSession().sparkContext());
        Broadcast<ModelBroadcast> shared = jsc.broadcast(value);
        boolean softmaxLast = !model.layers().isEmpty() && model.layers().getLast() instanceof Softmax;
        Columns columns = new Columns(predictionCol != null, probabilityCol != null, outputCol != null, softmaxLast,
                batchSize);
        MapPartitionsFunction<Row, Row> score = rows -> new Scoring(shared.value().model(), features, columns, rows,
                TaskContext.getPartitionId());
        return input.mapPartitions(score, Encoders.row(schema));
    }

    /** Which columns to add, and how. */
    private record Columns(boolean prediction, boolean probability, boolean output, boolean softmaxLast,
                           int batchSize) implements java.io.Serializable {
    }

    /** One partition's rows, scored a batch at a time as the consumer pulls them. */
    private static final class Scoring implements Iterator<Row> {
        private final Sequential model;
        private final Features features;
        private final Columns columns;
        private final Iterator<Row> rows;
        private final int partition;
        private final List<Row> batch = new ArrayList<>();
        private final List<Row> ready = new ArrayList<>();
        private int next;
        private long rowIndex;
        private int length = -1;
        private float[] samples;
        private float[] out;
        private int width = -1;

        Scoring(Sequential model, Features features, Columns columns, Iterator<Row> rows, int partition) {
            this.model = model;
            this.features = features;
            this.columns = columns;
            this.rows = rows;
            this.partition = partition;
        }

        @Override
        public boolean hasNext() {
            if (next < ready.size()) {
                return true;
            }
            ready.clear();
            next = 0;
            if (!rows.hasNext()) {
                return false;
            }
            scoreNextBatch();
            return true;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.get(next++);
        }

        private String where(long row) {
            return "row " + row + " of partition " + partition;
        }

        private void scoreNextBatch() {
            batch.clear();
            long first = rowIndex;
            while (batch.size() < columns.batchSize() && rows.hasNext()) {
                Row row = rows.next();
                if (length < 0) {
                    length = features.length(row, where(rowIndex));
                    samples = new float[columns.batchSize() * length];
                }
                features.read(row, where(rowIndex), samples, batch.size() * length, length);
                batch.add(row);
                rowIndex++;
            }
            int n = batch.size();
            float[] in = n * length == samples.length ? samples : java.util.Arrays.copyOf(samples, n * length);
            try {
                if (width < 0) {
                    width = model.predict(java.util.Arrays.copyOf(samples, length)).length;
                }
                out = out != null && out.length == n * width ? out : new float[n * width];
                model.predict(in, n, out, 1);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where(first) + ": column '" + features.column()
                        + "' does not fit the model: " + e.getMessage(), e);
            }
            Tensor output = Tensor.of(out, n, width);
            int[] classes = columns.prediction() ? Trainer.predictions(output) : null;
            float[] probability = !columns.probability() ? null
                    : columns.softmaxLast() ? out : new Softmax().apply(output).toArray();
            for (int i = 0; i < n; i++) {
                Row row = batch.get(i);
                Object[] values = new Object[row.size() + 3];
                int k = 0;
                for (; k < row.size(); k++) {
                    values[k] = row.get(k);
                }
                if (classes != null) {
                    values[k++] = classes[i];
                }
                if (probability != null) {
                    values[k++] = java.util.Arrays.copyOfRange(probability, i * width, (i + 1) * width);
                }
                if (columns.output()) {
                    values[k++] = java.util.Arrays.copyOfRange(out, i * width, (i + 1) * width);
                }
                ready.add(RowFactory.create(java.util.Arrays.copyOf(values, k)));
            }
        }

    }

    @Override
    public String toString() {
        return "SparkPredictor(" + model + ", features '" + featuresCol + "', batch " + batchSize + ")";
    }

}
