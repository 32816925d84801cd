package dev.lanewise.spark;

import dev.lanewise.layers.Batch;
import dev.lanewise.layers.ClassificationLoss;
import dev.lanewise.layers.Dataset;
import dev.lanewise.layers.EpochListener;
import dev.lanewise.layers.EpochStats;
import dev.lanewise.layers.History;
import dev.lanewise.layers.Optimizer;
import dev.lanewise.layers.Sequential;
import dev.lanewise.layers.TrainingStep;
import org.apache.spark.Partitioner;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Data-parallel training on Spark by parameter averaging (as DL4J's {@code ParameterAveragingTrainingMaster}): the
 * training rows are cut into partitions (shards) cached on the executors; every averaging period each partition
 * trains {@link Builder#averagingPeriod K} minibatches of its shard with lanewise's {@link TrainingStep}, starting
 * from the model the driver broadcast, and the driver averages the partitions' parameters, BatchNorm buffers and
 * optimizer state — in partition order — into the model the next period starts from. An epoch is one pass over every
 * shard in a seeded order of its own.
 *
 * <pre>{@code
 * History h = ParameterAveraging.builder()
 *         .loss(SoftmaxCrossEntropy::new)
 *         .optimizer(() -> Sgd.builder().learningRate(0.1f).momentum(0.9f).build())
 *         .batchSize(64).epochs(5).averagingPeriod(16).partitions(2).seed(42)
 *         .build()
 *         .fit(model, train, validation);   // Dataset<Row>: features (array<float> or Vector), label
 * }</pre>
 *
 * <p>For a fixed partition count and seed, every run gives the same bits: the partitioning, each shard's order,
 * dropout masks and the averaging order all derive from the seed, and the kernels give the same bits for any thread
 * count. (With {@link Builder#partitions} 0 the input's own partitions are the shards, so the input must then be
 * partitioned the same way each run.) Each Spark job is named in the Spark UI ("lanewise fit: epoch 2/5, averaging
 * period 13/25"). Rows are checked as the shards are built: null or wrong-length features and labels outside the
 * model's classes fail the first job with a message naming the row and column. Immutable, reusable.
 */
public final class ParameterAveraging {
    private final SerializableSupplier<? extends ClassificationLoss> loss;
    private final SerializableSupplier<? extends Optimizer> optimizer;
    private final int batchSize;
    private final int epochs;
    private final int averagingPeriod;
    private final int partitions;
    private final long seed;
    private final float learningRateDecay;
    private final int threadsPerTask;
    private final boolean dropLast;
    private final String featuresCol;
    private final String labelCol;
    private final EpochListener listener;
    private final StorageLevel storageLevel;

    private ParameterAveraging(Builder b) {
        this.loss = Objects.requireNonNull(b.loss, "loss: expected a loss factory, got null");
        this.optimizer = Objects.requireNonNull(b.optimizer, "optimizer: expected an optimizer factory, got null");
        this.batchSize = b.batchSize;
        this.epochs = b.epochs;
        this.averagingPeriod = b.averagingPeriod;
        this.partitions = b.partitions;
        this.seed = b.seed;
        this.learningRateDecay = b.learningRateDecay;
        this.threadsPerTask = b.threadsPerTask;
        this.dropLast = b.dropLast;
        this.featuresCol = b.featuresCol;
        this.labelCol = b.labelCol;
        this.listener = b.listener;
        this.storageLevel = b.storageLevel;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains {@code model} on {@code train} and evaluates each epoch's model on {@code validation} (null for none),
     * returning the history as {@link dev.lanewise.layers.Trainer#fit} does: per-epoch stats, the final and best
     * models (best by validation accuracy, or by training loss without validation), the optimizer's final state.
     */
    public History fit(Sequential model, org.apache.spark.sql.Dataset<Row> train,
                       org.apache.spark.sql.Dataset<Row> validation) {
        Objects.requireNonNull(model, "model: expected a model, got null");
        Objects.requireNonNull(train, "train: expected a Dataset, got null");
        SparkContext sc = train.sparkSession().sparkContext();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
        String previousDescription = sc.getLocalProperty("spark.job.description");
        List<JavaRDD<Shard>> cached = new ArrayList<>();
        try {
            if (loss.get() == null) {
                throw new IllegalArgumentException("loss: the factory returned null");
            }
            Optimizer driverOptimizer = optimizer.get();
            if (driverOptimizer == null) {
                throw new IllegalArgumentException("optimizer: the factory returned null");
            }
            describe(sc, "lanewise fit: reading the first row of '" + featuresCol + "'");
            Shard.Layout layout = Training.layout(model, train, featuresCol, labelCol);
            describe(sc, "lanewise fit: building " + (partitions > 0 ? partitions + " shards" : "the shards")
                    + " (" + storageLevel.description() + ")");
            JavaRDD<Shard> shards = shards(train, layout, partitions, seed).persist(storageLevel);
            cached.add(shards);
            List<Integer> sizes = shards.map(Shard::size).collect();
            JavaRDD<Shard> validationShards = null;
            if (validation != null) {
                describe(sc, "lanewise fit: building the validation shards");
                validationShards = Training.shardsAsGiven(validation, Training.layout(validation, featuresCol,
                        labelCol, layout.sampleShape(), layout.classes())).persist(storageLevel);
                cached.add(validationShards);
                validationShards.count();
            }
            return run(jsc, model, shards, sizes, validationShards, driverOptimizer);
        } finally {
            describe(sc, previousDescription);
            for (JavaRDD<Shard> r : cached) {
                r.unpersist(false);
            }
        }
    }

    private History run(JavaSparkContext jsc, Sequential model, JavaRDD<Shard> shards, List<Integer> sizes,
                        JavaRDD<Shard> validation, Optimizer driverOptimizer) {
        long total = 0;
        int[] batches = new int[sizes.size()];
        int periods = 0;
        for (int p = 0; p < sizes.size(); p++) {
            int n = sizes.get(p);
            total += n;
            batches[p] = dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
            periods = Math.max(periods, (batches[p] + averagingPeriod - 1) / averagingPeriod);
        }
        if (total == 0) {
            throw new IllegalArgumentException("train: expected at least one row, got none");
        }
        if (periods == 0 && epochs > 0) {
            throw new IllegalArgumentException("dropLast: no partition holds a full batch of " + batchSize
                    + " rows (partition sizes " + sizes + "), so no step would run");
        }
        Broadcast<ModelBroadcast> architecture = jsc.broadcast(ModelBroadcast.of(model));
        ModelState state = ModelState.of(model, driverOptimizer.state());
        List<EpochStats> stats = new ArrayList<>();
        Sequential current = model, best = model;
        int bestEpoch = 0;
        double bestScore = Double.NaN;
        float scale = 1f;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            double lossSum = 0;
            long correct = 0, done = 0;
            for (int period = 0; period < periods; period++) {
                describe(jsc.sc(), "lanewise fit: epoch " + epoch + "/" + epochs + ", averaging period " + (period + 1)
                        + "/" + periods + " (" + averagingPeriod + " batches of " + batchSize + " per partition)");
                Broadcast<ModelState> from = jsc.broadcast(state);
                Period task = new Period(architecture, from, loss, optimizer, seed, epoch, period, averagingPeriod,
                        batchSize, dropLast, scale, threadsPerTask);
                List<Update> updates = shards.map(task).collect();
                from.destroy();
                List<ModelState> trained = new ArrayList<>();
                for (Update u : updates) {
                    if (u.steps() > 0) {
                        trained.add(u.state());
                        lossSum += u.lossSum();
                        correct += u.correct();
                        done += u.samples();
                    }
                }
                if (!Double.isFinite(lossSum)) {
                    throw new IllegalStateException("training diverged: the loss is " + lossSum + " in epoch " + epoch
                            + ", averaging period " + (period + 1) + "; lower the learning rate");
                }
                if (!trained.isEmpty()) {
                    state = ModelState.average(trained);
                }
                listener.batchEnded(epoch, (int) Math.min(Integer.MAX_VALUE, done), (int) Math.min(Integer.MAX_VALUE, total));
            }
            current = state.model(model);
            double seconds = (System.nanoTime() - start) / 1e9;
            dev.lanewise.layers.Evaluation val = null;
            if (validation != null) {
                describe(jsc.sc(), "lanewise fit: epoch " + epoch + "/" + epochs + ", validation");
                val = Training.evaluate(jsc, current, validation, loss, batchSize, threadsPerTask);
            }
            double trainLoss = done == 0 ? Double.NaN : lossSum / done;
            EpochStats s = new EpochStats(epoch, trainLoss, done == 0 ? Double.NaN : (double) correct / done,
                    val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.accuracy(), seconds,
                    done / seconds, driverOptimizer.learningRate() * scale);
            stats.add(s);
            double score = val == null ? -trainLoss : val.accuracy();
            if (bestEpoch == 0 || score > bestScore) {
                bestScore = score;
                best = current;
                bestEpoch = epoch;
            }
            listener.epochEnded(s, current);
            scale *= learningRateDecay;
        }
        architecture.destroy();
        return new History(stats, current, best, bestEpoch, state.optimizerState());
    }

    private static void describe(SparkContext sc, String description) {
        sc.setLocalProperty("spark.job.description", description);
    }

    /**
     * The training rows as {@code partitions} shards: each row goes to the partition a seeded hash of its index
     * picks, and each shard keeps its rows in input order — a shuffle that is the same on every run. With 0, the
     * input's partitions as they are.
     */
    private static JavaRDD<Shard> shards(org.apache.spark.sql.Dataset<Row> train, Shard.Layout layout, int partitions,
                                         long seed) {
        if (partitions == 0) {
            return Training.shardsAsGiven(train, layout);
        }
        JavaPairRDD<Long, Shard.Sample> samples = train.javaRDD().zipWithIndex()
                .mapToPair(t -> new Tuple2<>(t._2(), layout.sample(t._1(), t._2(), "input row " + t._2())));
        int[] shape = layout.sampleShape();
        return samples.repartitionAndSortWithinPartitions(new SeededPartitioner(partitions, seed))
                .mapPartitionsWithIndex((p, it) -> List.of(Shard.ofSamples(p, new Values(it), shape)).iterator(), true);
    }

    /** The values of a pair iterator. */
    private record Values(Iterator<Tuple2<Long, Shard.Sample>> pairs) implements Iterator<Shard.Sample> {
        @Override
        public boolean hasNext() {
            return pairs.hasNext();
        }

        @Override
        public Shard.Sample next() {
            return pairs.next()._2();
        }
    }

    /** Row index to partition by a seeded 64-bit mix: the same partitioning on every run, balanced in expectation. */
    static final class SeededPartitioner extends Partitioner {
        @Serial
        private static final long serialVersionUID = 1L;
        private final int partitions;
        private final long seed;

        SeededPartitioner(int partitions, long seed) {
            this.partitions = partitions;
            this.seed = seed;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return (int) Math.floorMod(Seeds.of(seed, (Long) key), (long) partitions);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SeededPartitioner p && p.partitions == partitions && p.seed == seed;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(seed) * 31 + partitions;
        }
    }

    /** What one partition did in one averaging period. */
    record Update(int partition, int steps, double lossSum, long correct, long samples, ModelState state)
            implements Serializable {
    }

    /** One averaging period on one shard: up to K minibatches of the epoch's order, from the broadcast state. */
    private record Period(Broadcast<ModelBroadcast> architecture, Broadcast<ModelState> from,
                          SerializableSupplier<? extends ClassificationLoss> loss,
                          SerializableSupplier<? extends Optimizer> optimizer, long seed, int epoch, int period,
                          int averagingPeriod, int batchSize, boolean dropLast, float scale, int threads)
            implements org.apache.spark.api.java.function.Function<Shard, Update> {
        @Override
        public Update call(Shard shard) {
            Dataset data = shard.data();
            int p = shard.partition();
            int batches = dropLast ? data.size() / batchSize : data.batchCount(batchSize);
            int first = period * averagingPeriod, last = Math.min(batches, first + averagingPeriod);
            if (first >= last) {
                return new Update(p, 0, 0, 0, 0, null);
            }
            ModelState state = from.value();
            Optimizer opt = optimizer.get().withState(state.optimizerState());
            TrainingStep step = new TrainingStep(loss.get(), opt, threads);
            step.start(state.model(architecture.value().model()));
            int[] order = Dataset.permutation(data.size(), Seeds.of(seed, epoch, p));
            double lossSum = 0;
            long correct = 0, samples = 0;
            for (int b = first; b < last; b++) {
                Batch batch = data.batch(order, b, batchSize);
                TrainingStep.Outcome o = step.advance(batch, Seeds.of(seed, epoch, p, b), scale);
                lossSum += o.loss() * batch.size();
                correct += o.correct();
                samples += batch.size();
            }
            return new Update(p, last - first, lossSum, correct, samples, ModelState.of(step.current(), opt.state()));
        }
    }

    /** Settings; defaults: batch 64, 1 epoch, averaging period 16, the input's partitions, seed 0, 1 thread per task. */
    public static final class Builder {
        private SerializableSupplier<? extends ClassificationLoss> loss;
        private SerializableSupplier<? extends Optimizer> optimizer;
        private int batchSize = 64;
        private int epochs = 1;
        private int averagingPeriod = 16;
        private int partitions;
        private long seed;
        private float learningRateDecay = 1f;
        private int threadsPerTask = 1;
        private boolean dropLast;
        private String featuresCol = "features";
        private String labelCol = "label";
        private EpochListener listener = (stats, model) -> { };
        private StorageLevel storageLevel = StorageLevel.MEMORY_AND_DISK();

        private Builder() {
        }

        /** How each task makes the loss, e.g. {@code SoftmaxCrossEntropy::new}. */
        public Builder loss(SerializableSupplier<? extends ClassificationLoss> factory) {
            this.loss = Objects.requireNonNull(factory, "loss: expected a loss factory, got null");
            return this;
        }

        /** How each task makes a fresh optimizer with the settings to train with (its state comes from the driver). */
        public Builder optimizer(SerializableSupplier<? extends Optimizer> factory) {
            this.optimizer = Objects.requireNonNull(factory, "optimizer: expected an optimizer factory, got null");
            return this;
        }

        public Builder batchSize(int rows) {
            this.batchSize = atLeast(1, rows, "batchSize");
            return this;
        }

        public Builder epochs(int value) {
            this.epochs = atLeast(0, value, "epochs");
            return this;
        }

        /**
         * Minibatches each partition trains between two averagings (K). Small K stays close to one big-batch SGD
         * run but sends the model across the cluster often: each period broadcasts it once and collects one copy
         * per partition (see docs/spark.md for the measured trade-off).
         */
        public Builder averagingPeriod(int batches) {
            this.averagingPeriod = atLeast(1, batches, "averagingPeriod");
            return this;
        }

        /** Shards to train on: the rows are spread over this many partitions by a seeded hash; 0 keeps the input's. */
        public Builder partitions(int value) {
            this.partitions = atLeast(0, value, "partitions");
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** The learning rate's factor after each epoch, in (0, 1]. */
        public Builder learningRateDecay(float value) {
            if (!(value > 0f && value <= 1f)) {
                throw new IllegalArgumentException("learningRateDecay: expected a factor in (0, 1], got " + value);
            }
            this.learningRateDecay = value;
            return this;
        }

        /** GEMM threads inside one task (default 1: Spark already runs a task per core). */
        public Builder threadsPerTask(int value) {
            this.threadsPerTask = atLeast(1, value, "threadsPerTask");
            return this;
        }

        /** Skip each shard's last partial batch of an epoch. */
        public Builder dropLast(boolean value) {
            this.dropLast = value;
            return this;
        }

        public Builder featuresCol(String column) {
            this.featuresCol = Objects.requireNonNull(column, "featuresCol: expected a column name, got null");
            return this;
        }

        public Builder labelCol(String column) {
            this.labelCol = Objects.requireNonNull(column, "labelCol: expected a column name, got null");
            return this;
        }

        /** Called on the driver after every averaging period ({@code batchEnded}) and every epoch. */
        public Builder listener(EpochListener value) {
            this.listener = Objects.requireNonNull(value, "listener: expected a listener, got null");
            return this;
        }

        /** How the shards are cached (default MEMORY_AND_DISK: a shard that does not fit spills rather than re-reads). */
        public Builder storageLevel(StorageLevel value) {
            this.storageLevel = Objects.requireNonNull(value, "storageLevel: expected a storage level, got null");
            return this;
        }

        public ParameterAveraging build() {
            return new ParameterAveraging(this);
        }

        private static int atLeast(int min, int value, String name) {
            if (value < min) {
                throw new IllegalArgumentException(name + ": expected >= " + min + ", got " + value);
            }
            return value;
        }
    }

    @Override
    public String toString() {
        return "ParameterAveraging(batch " + batchSize + ", epochs " + epochs + ", averaging period " + averagingPeriod
                + ", partitions " + (partitions == 0 ? "as given" : partitions) + ", seed " + seed + ")";
    }
}
