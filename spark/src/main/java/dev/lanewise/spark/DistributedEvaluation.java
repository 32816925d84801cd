package dev.lanewise.spark;

import dev.lanewise.layers.ClassificationLoss;
import dev.lanewise.layers.Evaluation;
import dev.lanewise.layers.Sequential;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.Objects;

/**
 * Mean loss and accuracy of a classifier over a Spark {@code Dataset<Row>}: each partition is evaluated where it
 * lies (as {@link dev.lanewise.layers.Trainer#evaluate} evaluates a local dataset, in batches, inference mode) and the
 * partitions' sums are added in partition order, so the result is the same on every run. Rows are checked as
 * {@link ParameterAveraging} checks them (null or wrong-length features, labels outside the model's classes).
 */
public final class DistributedEvaluation {
    private DistributedEvaluation() {
    }

    public static Evaluation evaluate(Sequential model, Dataset<Row> data,
                                      SerializableSupplier<? extends ClassificationLoss> loss, String featuresCol,
                                      String labelCol, int batchSize) {
        Objects.requireNonNull(model, "model: expected a model, got null");
        Objects.requireNonNull(data, "data: expected a Dataset, got null");
        Objects.requireNonNull(loss, "loss: expected a loss factory, got null");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize: expected >= 1, got " + batchSize);
        }
        SparkContext sc = data.sparkSession().sparkContext();
        String previous = sc.getLocalProperty("spark.job.description");
        try {
            sc.setLocalProperty("spark.job.description", "lanewise evaluate: " + model);
            Shard.Layout layout = Training.layout(model, data, featuresCol, labelCol);
            return Training.evaluate(JavaSparkContext.fromSparkContext(sc), model, Training.shardsAsGiven(data, layout),
                    loss, batchSize, 1);
        } finally {
            sc.setLocalProperty("spark.job.description", previous);
        }
    }
}
