package dev.lanewise.spark;

import dev.lanewise.layers.ClassificationLoss;
import dev.lanewise.layers.Evaluation;
import dev.lanewise.layers.Sequential;
import dev.lanewise.layers.Tensor;
import dev.lanewise.layers.Trainer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.Serializable;
import java.util.List;

/** What training and evaluation share: reading the layout from the model and the data, shards, evaluation. */
final class Training {
    private Training() {
    }

    /**
     * The layout of labelled rows for {@code model}: the features per sample from the first row (which the model must
     * accept), and the model's classes from its output for that shape.
     */
    static Shard.Layout layout(Sequential model, Dataset<Row> data, String featuresCol, String labelCol) {
        Features features = Features.of(data.schema(), featuresCol);
        Features.labelIndex(data.schema(), labelCol);
        List<Row> first = data.select(featuresCol).limit(1).collectAsList();
        if (first.isEmpty()) {
            throw new IllegalArgumentException("train: expected at least one row, got none");
        }
        int length = Features.of(first.getFirst().schema(), featuresCol).length(first.getFirst(), "row 0");
        int[] sampleShape = model.sampleShape(length);
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = 1;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        Tensor out;
        try {
            out = model.apply(Tensor.zeros(shape), 1);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("featuresCol: the first row's " + length + " features in column '"
                    + featuresCol + "' do not fit the model: " + e.getMessage(), e);
        }
        if (out.rank() != 2 || out.dim(1) < 2) {
            throw new IllegalArgumentException("model: expected an output [batch, classes] with 2 or more classes for"
                    + " classification, got " + java.util.Arrays.toString(out.shape()));
        }
        return layout(data, featuresCol, labelCol, sampleShape, out.dim(1));
    }

    static Shard.Layout layout(Dataset<Row> data, String featuresCol, String labelCol, int[] sampleShape, int classes) {
        return new Shard.Layout(Features.of(data.schema(), featuresCol), Features.labelIndex(data.schema(), labelCol),
                labelCol, sampleShape, classes);
    }

    /** One shard per partition of {@code data}, rows checked and named "row i of partition p". */
    static JavaRDD<Shard> shardsAsGiven(Dataset<Row> data, Shard.Layout layout) {
        return data.javaRDD().mapPartitionsWithIndex((p, rows) -> List.of(Shard.ofRows(p, rows, layout)).iterator(),
                true);
    }

    /** Loss and correct predictions of one shard, to be summed in partition order. */
    record Partial(double lossSum, long correct, long samples) implements Serializable {
    }

    static Evaluation evaluate(JavaSparkContext jsc, Sequential model, JavaRDD<Shard> shards,
                               SerializableSupplier<? extends ClassificationLoss> loss, int batchSize, int threads) {
        Broadcast<ModelBroadcast> shared = jsc.broadcast(ModelBroadcast.of(model));
        List<Partial> parts = shards.map(s -> {
            Evaluation e = Trainer.evaluate(shared.value().model(), s.data(), loss.get(), batchSize, threads);
            return new Partial(e.samples() == 0 ? 0 : e.loss() * e.samples(),
                    e.samples() == 0 ? 0 : Math.round(e.accuracy() * e.samples()), e.samples());
        }).collect();
        shared.destroy();
        double lossSum = 0;
        long correct = 0, n = 0;
        for (Partial p : parts) {
            lossSum += p.lossSum();
            correct += p.correct();
            n += p.samples();
        }
        return new Evaluation(n == 0 ? Double.NaN : lossSum / n, n == 0 ? Double.NaN : (double) correct / n,
                (int) Math.min(Integer.MAX_VALUE, n));
    }
}
