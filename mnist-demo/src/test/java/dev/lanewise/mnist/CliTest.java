package dev.lanewise.mnist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands end to end on a small generated MNIST look-alike (no network). */
class CliTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void dataset() throws IOException {
        data = dir.resolve("data");
        IdxFiles.writeDataset(data, 1200, 300, 7);
    }

    record Run(int exit, String out) {
    }

    static Run run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            int exit = Main.commandLine().execute(args);
            return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void trainWritesTheMetricsFileModelAndPlot() throws IOException {
        Path metrics = dir.resolve("m.json"), model = dir.resolve("m.safetensors"), plot = dir.resolve("m.png");
        Run r = run("train", "--data", data.toString(), "--epochs", "1", "--threads", "1", "--metrics", metrics.toString(),
                "--save", model.toString(), "--plot", plot.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("epoch  1").contains("test (best validation model");
        JsonNode json = new ObjectMapper().readTree(metrics.toFile());
        assertThat(json.get("config").get("arch").asText()).isEqualTo("mlp");
        assertThat(json.get("config").get("epochs").asInt()).isEqualTo(1);
        JsonNode epoch = json.get("epochs").get(0);
        assertThat(epoch.get("epoch").asInt()).isEqualTo(1);
        for (String key : List.of("train_loss", "train_acc", "val_loss", "val_acc", "seconds", "samples_per_second")) {
            assertThat(epoch.get(key).isNumber()).as(key).isTrue();
        }
        assertThat(epoch.get("train_acc").asDouble()).isBetween(0.0, 1.0);
        assertThat(epoch.get("val_acc").asDouble()).as("the bars are learnable").isGreaterThan(0.9);
        assertThat(json.get("test").get("accuracy").asDouble()).isBetween(0.9, 1.0);
        assertThat(json.get("test").get("loss").asDouble()).isPositive();
        assertThat(json.get("total_seconds").asDouble()).isPositive();
        assertThat(Files.size(model)).isPositive();
        assertPng(plot);

        Run eval = run("evaluate", "--model", model.toString(), "--data", data.toString());
        assertThat(eval.exit()).as(eval.out()).isZero();
        assertThat(eval.out()).contains("test: 300 samples").contains("confusion matrix");
        int total = 0;
        for (String line : eval.out().lines().toList()) {
            String[] cells = line.trim().split("\\s+");
            if (cells.length == 11 && cells[0].matches("\\d")) {
                for (int j = 1; j < 11; j++) {
                    total += Integer.parseInt(cells[j]);
                }
            }
        }
        assertThat(total).as("confusion matrix counts every test sample").isEqualTo(300);

        Path digits = dir.resolve("digits.png");
        Run predict = run("predict", "--model", model.toString(), "--data", data.toString(), "--count", "7", "--png",
                digits.toString());
        assertThat(predict.exit()).as(predict.out()).isZero();
        assertThat(predict.out().lines().filter(l -> l.matches("test #\\d+\\s+GT: \\d, Pred: \\d.*"))).hasSize(7);
        assertPng(digits);
    }

    @Test
    void seededRunsGiveTheSameMetricsTwiceAndForOneOrTwoThreads() throws IOException {
        List<String> runs = new ArrayList<>();
        for (String threads : new String[]{"1", "1", "2"}) {
            Path metrics = dir.resolve("seeded-" + runs.size() + ".json");
            Run r = run("train", "--data", data.toString(), "--epochs", "2", "--arch", "deep", "--threads", threads,
                    "--metrics", metrics.toString());
            assertThat(r.exit()).as(r.out()).isZero();
            runs.add(withoutTimes(new ObjectMapper().readTree(metrics.toFile())));
        }
        assertThat(runs.get(1)).isEqualTo(runs.get(0));
        assertThat(runs.get(2)).isEqualTo(runs.get(0));
    }

    private static String withoutTimes(JsonNode json) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).remove("total_seconds");
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("config")).remove("threads");
        for (Iterator<JsonNode> it = json.get("epochs").elements(); it.hasNext(); ) {
            var e = (com.fasterxml.jackson.databind.node.ObjectNode) it.next();
            e.remove("seconds");
            e.remove("samples_per_second");
        }
        return json.toString();
    }

    @Test
    void sweepAndFitSineDrawTheirCharts() throws IOException {
        Path sweep = dir.resolve("sweep.png");
        Run r = run("sweep", "--data", data.toString(), "--lrs", "0.01,0.1", "--epochs", "2", "--threads", "1",
                "--plot", sweep.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("lr 0.01").contains("lr 0.1")
                .containsPattern("best learning rate: 0\\.(01|1) \\(validation accuracy [0-9.]+%, test [0-9.]+%\\)")
                .contains("wrote " + sweep.toAbsolutePath());
        assertPng(sweep);
        Path sine = dir.resolve("sine.png");
        Run s = run("fit-sine", "--epochs", "40", "--plot", sine.toString());
        assertThat(s.exit()).as(s.out()).isZero();
        assertThat(s.out()).contains("MSE of the initial network");
        assertPng(sine);
    }

    @Test
    void badOptionsFailWithAMessage() {
        Run r = run("train", "--arch", "transformer", "--data", data.toString());
        assertThat(r.exit()).isNotZero();
        Run m = run("evaluate", "--model", dir.resolve("nope.safetensors").toString(), "--data", data.toString());
        assertThat(m.exit()).isNotZero();
        assertThat(run("train", "--help").exit()).isZero();
    }

    private static void assertPng(Path png) throws IOException {
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 8);
        assertThat(head).containsExactly(0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a);
        assertThat(javax.imageio.ImageIO.read(png.toFile()).getWidth()).isGreaterThan(100);
    }
}
