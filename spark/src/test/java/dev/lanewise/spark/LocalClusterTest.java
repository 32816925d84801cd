package dev.lanewise.spark;

import dev.lanewise.layers.History;
import dev.lanewise.layers.Init;
import dev.lanewise.layers.Linear;
import dev.lanewise.layers.ReLU;
import dev.lanewise.layers.Sequential;
import dev.lanewise.layers.Sgd;
import dev.lanewise.layers.Softmax;
import dev.lanewise.layers.SoftmaxCrossEntropy;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * lanewise on a real Spark cluster of separate JVMs: {@code local-cluster[2,1,1024]} starts a standalone master and
 * two workers in this JVM, and each worker launches its executor as a child JVM from a Spark home that holds only
 * Spark's jars (as a cluster's would); lanewise reaches the executors as {@code spark.jars}, as {@code --jars}
 * ships it. So models, shards and optimizer state cross real process boundaries (serialized), and the executors
 * run with the JVM options Spark's launcher gives them. Runs in its own Surefire execution (one SparkContext per
 * JVM).
 */
class LocalClusterTest {
    private static SparkSession spark;

    @BeforeAll
    static void startCluster() throws IOException {
        Path target = Path.of("target");
        Path home = target.resolve("local-cluster-spark-home");
        Path jars = home.resolve("jars");
        Files.createDirectories(jars);
        Files.writeString(home.resolve("RELEASE"), "Spark jars from the build's provided scope (LocalClusterTest)\n");
        for (String jar : Files.readString(target.resolve("spark-provided-classpath.txt")).trim().split(java.io.File.pathSeparator)) {
            Path link = jars.resolve(Path.of(jar).getFileName());
            if (!Files.exists(link)) {
                Files.createSymbolicLink(link, Path.of(jar).toAbsolutePath());
            }
        }
        // What the application ships: lanewise's own class path entries (jars, or class directories jarred here).
        List<String> shipped = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            boolean lanewise = entry.contains("lanewise-") || p.endsWith(Path.of("target", "classes"))
                    || p.endsWith(Path.of("target", "test-classes"));
            if (!lanewise) {
                continue;
            }
            if (Files.isDirectory(p)) {
                Path jar = target.resolve("local-cluster-app-" + (n++) + ".jar");
                jarDirectory(p, jar);
                shipped.add(jar.toAbsolutePath().toString());
            } else {
                shipped.add(p.toAbsolutePath().toString());
            }
        }
        System.setProperty("spark.testing", "true");
        System.setProperty("spark.test.home", home.toAbsolutePath().toString());
        spark = SparkSession.builder().master("local-cluster[2,1,1024]").appName("lanewise-local-cluster-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                .config("spark.jars", String.join(",", shipped))
                .getOrCreate();
    }

    @AfterAll
    static void stopCluster() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static void jarDirectory(Path dir, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
             Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                j.putNextEntry(new JarEntry(dir.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, j);
                j.closeEntry();
            }
        }
    }

    @Test
    void executorsAreSeparateJvmsOnThisJdkWithTheVectorApi() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<String> seen = jsc.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 8)
                .map(i -> ProcessHandle.current().pid() + " " + Runtime.version().feature() + " "
                        + dev.lanewise.kernels.Vectorization.isEnabled())
                .distinct().collect();
        long self = ProcessHandle.current().pid();
        assertThat(seen.stream().map(s -> s.split(" ")[0]).distinct()).hasSize(2)
                .noneMatch(pid -> pid.equals(Long.toString(self)));
        assertThat(seen).allMatch(s -> s.endsWith(" " + Runtime.version().feature() + " true"));
    }

    @Test
    void eachExecutorJvmLoadsTheBroadcastModelOnceAndScoresAsLocalPredict() {
        Sequential model = Sequential.of(Linear.create(784, 32, Init.heNormal(), 1), new ReLU(),
                Linear.create(32, 10, Init.heNormal(), 2), new Softmax());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<ModelBroadcast> shared = jsc.broadcast(ModelBroadcast.of(model));
        // Per task: its executor JVM, the identity of the model it got, and how often that copy was decoded.
        List<String> seen = jsc.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), 12).map(i -> {
            ModelBroadcast b = shared.value();
            return ProcessHandle.current().pid() + " " + System.identityHashCode(b.model()) + " " + b.loads();
        }).collect();
        Map<String, List<String>> byJvm = seen.stream().collect(Collectors.groupingBy(s -> s.split(" ")[0]));
        assertThat(byJvm).hasSize(2);
        byJvm.values().forEach(tasks -> assertThat(tasks.stream().distinct()).as("one model, loaded once: %s", tasks)
                .hasSize(1).allMatch(s -> s.endsWith(" 1")));

        List<Row> rows = ParameterAveragingTest.synthetic(600, 11);
        Dataset<Row> df = spark.createDataFrame(jsc.parallelize(rows, 3), ParameterAveragingTest.SCHEMA);
        List<Row> scored = SparkPredictor.of(model).batchSize(1).transform(df).collectAsList();
        assertThat(scored).hasSize(600);
        for (int i = 0; i < 600; i++) {
            float[] x = (float[]) rows.get(i).get(0);
            List<Object> p = scored.get(i).getList(scored.get(i).fieldIndex("probability"));
            float[] got = new float[p.size()];
            for (int j = 0; j < got.length; j++) {
                got[j] = (Float) p.get(j);
            }
            assertThat(got).as("row %d", i).containsExactly(model.predict(x));
        }
    }

    @Test
    void trainingAcrossExecutorJvmsIsBitIdenticalWhereverTheTasksRunAndHoweverShardsAreStored() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Dataset<Row> train = spark.createDataFrame(jsc.parallelize(ParameterAveragingTest.synthetic(2000, 1), 4),
                ParameterAveragingTest.SCHEMA);
        Dataset<Row> validation = spark.createDataFrame(jsc.parallelize(ParameterAveragingTest.synthetic(500, 2), 2),
                ParameterAveragingTest.SCHEMA);
        Sequential model = Sequential.of(Linear.create(784, 64, Init.heNormal(), 1), new ReLU(),
                Linear.create(64, 10, Init.heNormal(), 2));
        ParameterAveraging.Builder b = ParameterAveraging.builder().loss(SoftmaxCrossEntropy::new)
                .optimizer(() -> Sgd.builder().learningRate(0.05f).momentum(0.9f).build())
                .batchSize(32).epochs(2).averagingPeriod(8).partitions(2).seed(7);
        History inMemory = b.build().fit(model, train, validation);
        // DISK_ONLY: every task reads its shard back from its serialized form.
        History onDisk = b.storageLevel(StorageLevel.DISK_ONLY()).build().fit(model, train, validation);
        assertThat(onDisk.finalModel().stateDict()).isEqualTo(inMemory.finalModel().stateDict());
        assertThat(onDisk.optimizerState()).isEqualTo(inMemory.optimizerState());
        assertThat(inMemory.epochs().getLast().validationAccuracy()).isGreaterThan(0.9);
        assertThat(Arrays.asList(inMemory.epochs().getLast().trainLoss(), onDisk.epochs().getLast().trainLoss()))
                .containsOnly(inMemory.epochs().getLast().trainLoss());
    }
}
