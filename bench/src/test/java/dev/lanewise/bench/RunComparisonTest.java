package dev.lanewise.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two JMH JSON results: a change is claimed only where the intervals do not overlap; environments are compared. */
class RunComparisonTest {
    private static String result(double medianA, double errorA, double medianB, double errorB) {
        return "[" + entry("dev.lanewise.bench.GemmBench.sgemm", "{\"shape\":\"64x64x64:NN\",\"strategy\":\"AUTO\"}",
                medianA, errorA) + "," + entry("dev.lanewise.bench.BiasActivationBench.vector", "{\"n\":\"1000\"}",
                medianB, errorB) + "]";
    }

    private static String entry(String benchmark, String params, double median, double error) {
        return "{\"benchmark\":\"" + benchmark + "\",\"mode\":\"avgt\",\"threads\":1,\"params\":" + params
                + ",\"primaryMetric\":{\"score\":" + median + ",\"scoreError\":" + error
                + ",\"scorePercentiles\":{\"50.0\":" + median + "},\"scoreUnit\":\"us/op\"}}";
    }

    @Test
    void aChangeIsClaimedOnlyWhenTheIntervalsDoNotOverlap(@TempDir Path dir) throws IOException {
        Path before = Files.createDirectories(dir.resolve("before")).resolve("jmh-result.json");
        Path after = Files.createDirectories(dir.resolve("after")).resolve("jmh-result.json");
        Files.writeString(before, result(10, 1, 5, 2));
        Files.writeString(after, result(5, 1, 4, 2));   // 10±1 → 5±1: faster; 5±2 → 4±2: overlap
        new RunEnvironment(java.util.Map.of("CPU", "A", "date", "d1")).write(before.getParent());
        new RunEnvironment(java.util.Map.of("CPU", "B", "date", "d2")).write(after.getParent());
        RunComparison c = RunComparison.of(before, after);
        assertThat(c.rows()).hasSize(2);
        assertThat(c.rows().get(0).verdict()).isEqualTo("faster");
        assertThat(c.rows().get(0).speedUp()).isEqualTo(2.0);
        assertThat(c.rows().get(1).verdict()).isEqualTo("intervals overlap: no clear change");
        String md = c.markdown();
        assertThat(md).contains("| CPU | A | B |").doesNotContain("| date |")
                .contains("| GemmBench.sgemm | shape=64x64x64:NN, strategy=AUTO | 10.0 µs ± 1.00 µs | 5.00 µs ± 1.00 µs | 2.00× | faster |")
                .contains("2 compared: 1 faster, 0 slower, 1 without a clear change.");
        Files.writeString(after, result(20, 1, 5, 2));
        assertThat(RunComparison.of(before, after).rows().get(0).verdict()).isEqualTo("slower");
    }

    @Test
    void somethingThatIsNoJmhResultIsNamed(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("x.json"), "{\"not\": \"an array\"}");
        assertThatThrownBy(() -> RunComparison.of(bad, bad)).isInstanceOf(IOException.class)
                .hasMessageContaining(bad.toString()).hasMessageContaining("not a JMH JSON result");
    }
}
