package dev.lanewise.spark;

import dev.lanewise.kernels.Vectorization;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM options Spark needs live in one place, {@code spark.jvm.options} in spark/pom.xml: the tests' JVM runs with
 * them, and the README's list must be that list. And the module works on the JDK the build selected: Spark jobs run,
 * and the kernels inside executor tasks use the Vector API.
 */
class SparkJvmOptionsTest {
    private static List<String> pomOptions() {
        String property = System.getProperty("lanewise.spark.jvmOptions");
        assertThat(property).as("system property lanewise.spark.jvmOptions, set by spark/pom.xml").isNotBlank();
        return Arrays.asList(property.trim().split("\\s+"));
    }

    @Test
    void theTestJvmRunsWithExactlyTheDocumentedOptions() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        assertThat(args).containsAll(pomOptions());
    }

    @Test
    void theReadmeListsTheSameOptions() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "README.md"));
        int marker = lines.indexOf("<!-- spark-jvm-options (checked by SparkJvmOptionsTest) -->");
        assertThat(marker).as("README marker of the Spark JVM options").isGreaterThanOrEqualTo(0);
        assertThat(lines.get(marker + 1)).isEqualTo("```text");
        int end = lines.subList(marker + 2, lines.size()).indexOf("```") + marker + 2;
        List<String> documented = lines.subList(marker + 2, end).stream().flatMap(l -> Arrays.stream(l.trim().split("\\s+")))
                .filter(s -> !s.isEmpty()).toList();
        assertThat(documented).isEqualTo(pomOptions());
    }

    @Test
    void sparkJobsRunOnThisJdkAndTheirTasksUseTheVectorApi() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(LocalSpark.get().sparkContext());
        List<String> seen = jsc.parallelize(List.of(1, 2, 3, 4), 4)
                .map(i -> Runtime.version().feature() + " " + Vectorization.isEnabled() + " " + Vectorization.vectorBits())
                .distinct().collect();
        assertThat(seen).hasSize(1);
        String[] parts = seen.getFirst().split(" ");
        assertThat(Integer.parseInt(parts[0])).as("executor JDK feature release").isGreaterThanOrEqualTo(21)
                .isEqualTo(Runtime.version().feature());
        assertThat(parts[1]).as("Vector API kernels in executor tasks (%s)", Vectorization.describe()).isEqualTo("true");
        assertThat(Integer.parseInt(parts[2])).isGreaterThanOrEqualTo(128);
    }
}
