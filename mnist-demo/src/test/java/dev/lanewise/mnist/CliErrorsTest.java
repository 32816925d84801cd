package dev.lanewise.mnist;

import dev.lanewise.layers.Init;
import dev.lanewise.layers.Linear;
import dev.lanewise.layers.ModelIO;
import dev.lanewise.layers.Sequential;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the CLI says when something is wrong: one line naming the option or file and the problem (and, for a bad
 * command line, where to look), an exit code that tells usage errors (2) from failures (1), and nothing written
 * or trained first — bad options and unwritable outputs are found before any data is loaded.
 */
class CliErrorsTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void dataset() throws IOException {
        data = dir.resolve("data");
        IdxFiles.writeDataset(data, 120, 30, 3);
    }

    record Run(int exit, String out, List<String> err) {
    }

    static Run run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            var cl = Main.commandLine();
            cl.setErr(new PrintWriter(err, true));
            int exit = cl.execute(args);
            return new Run(exit, bytes.toString(StandardCharsets.UTF_8), err.toString().lines().toList());
        } finally {
            System.setOut(original);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "train --bogus                   | Unknown option: '--bogus'",
            "train --batch many              | Invalid value for option '--batch'",
            "evaluate                        | Missing required option: '--model",
            "train --arch transformer        | Invalid value for option '--arch'"})
    void aBadCommandLineIsOneLineAndAHint(String args, String message) {
        Run r = run(args.trim().split("\\s+"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).hasSize(2);
        assertThat(r.err().get(0)).startsWith("error: ").contains(message);
        assertThat(r.err().get(1)).startsWith("try 'mnist-demo ").endsWith(" --help'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--hidden 3000000   | --hidden: expected 1 to 100000, got 3000000",
            "--hidden 0         | --hidden: expected 1 to 100000, got 0",
            "--batch 0          | --batch: expected 1 to 60000, got 0",
            "--epochs -1        | --epochs: expected 0 to 1000000, got -1",
            "--lr -0.1          | --lr: expected a finite value > 0, got -0.1",
            "--lr NaN           | --lr: expected a finite value > 0, got NaN",
            "--momentum 1       | --momentum: expected a value in [0, 1), got 1.0",
            "--weight-decay -1  | --weight-decay: expected a finite value >= 0, got -1.0",
            "--lr-decay 0       | --lr-decay: expected a factor in (0, 1], got 0.0",
            "--threads 0        | --threads: expected 1 to 4096, got 0"})
    void badValuesAreNamedByTheirOptionBeforeAnyDataIsLoaded(String option, String message) {
        Path save = dir.resolve("never.safetensors");
        List<String> args = new ArrayList<>(List.of("train", "--data", dir.resolve("no-data-here").toString(),
                "--save", save.toString()));
        args.addAll(Arrays.asList(option.trim().split("\\s+")));
        Run r = run(args.toArray(String[]::new));
        assertThat(r.exit()).as(String.join("\n", r.err())).isEqualTo(2);
        assertThat(r.err().get(0)).isEqualTo("error: " + message);
        assertThat(r.err()).hasSize(2);
        assertThat(save).doesNotExist();
    }

    @Test
    void aLearningRateGivenToSweepIsAnErrorNotIgnored() {
        Run r = run("sweep", "--lrs", "0.01,0.1", "--lr", "0.5", "--data", dir.resolve("no-data-here").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().get(0)).isEqualTo("error: --lr: sweep trains at each of --lrs; drop --lr (got 0.5)");
        assertThat(r.out()).doesNotContain("epoch");
    }

    @Test
    void unwritableOutputsFailBeforeDataIsLoadedOrAModelTrained() throws IOException {
        Path aFile = Files.writeString(dir.resolve("plain.txt"), "x");
        Path aDir = Files.createDirectories(dir.resolve("a-dir"));
        String missingData = dir.resolve("no-data-here").toString();
        for (String[] c : new String[][]{
                {"train", "--save", aDir.toString()},
                {"train", "--metrics", aFile.resolve("m.json").toString()},
                {"train", "--plot", aFile.resolve("deeper/p.png").toString()},
                {"sweep", "--lrs", "0.1", "--plot", aDir.toString()},
                {"fit-sine", "--plot", aDir.toString()}}) {
            List<String> args = new ArrayList<>(Arrays.asList(c));
            if (!c[0].equals("fit-sine")) {
                args.addAll(List.of("--data", missingData));
            }
            Run r = run(args.toArray(String[]::new));
            assertThat(r.exit()).as("%s: %s", args, r.err()).isEqualTo(2);
            assertThat(r.err().get(0)).startsWith("error: --").satisfiesAnyOf(
                    l -> assertThat(l).contains("is a directory, expected a file name"),
                    l -> assertThat(l).contains("is a file, not a directory"));
            assertThat(r.out()).doesNotContain("epoch");
        }
    }

    @Test
    void savedFilesGetTheUsualPermissions() throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;   // permissions are a POSIX notion
        }
        Path out = Files.createDirectories(dir.resolve("perms"));
        Path model = out.resolve("m.safetensors"), metrics = out.resolve("m.json"), plot = out.resolve("m.png");
        Run r = run("train", "--data", data.toString(), "--epochs", "1", "--threads", "1", "--save", model.toString(),
                "--metrics", metrics.toString(), "--plot", plot.toString());
        assertThat(r.exit()).as(String.join("\n", r.err())).isZero();
        var usual = Files.getPosixFilePermissions(Files.createFile(out.resolve("usual")));
        for (Path p : List.of(model, metrics, plot)) {
            assertThat(Files.getPosixFilePermissions(p)).as(p.toString()).isEqualTo(usual);
        }
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary files left")
                    .containsExactlyInAnyOrder("m.safetensors", "m.json", "m.png", "usual");
        }
    }

    @Test
    void aModelOfTheWrongShapeIsNamedNotAnIndexError() throws IOException {
        Path wrong = dir.resolve("wrong.safetensors");
        ModelIO.save(Sequential.of(Linear.create(784, 16, Init.heNormal(), 1)), wrong);
        Run r = run("evaluate", "--model", wrong.toString(), "--data", data.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).containsExactly("error: " + wrong + ": expected a model with 10 outputs (one per digit),"
                + " got outputs of shape [1, 16] for one image");
        Path notMnist = dir.resolve("not-mnist.safetensors");
        ModelIO.save(Sequential.of(Linear.create(30, 10, Init.heNormal(), 1)), notMnist);
        Run p = run("predict", "--model", notMnist.toString(), "--data", data.toString());
        assertThat(p.exit()).isEqualTo(1);
        assertThat(p.err().get(0)).startsWith("error: " + notMnist + ": not a model of MNIST images");
    }

    @Test
    void missingFilesAndEmptyDataSayWhatIsWrong() throws IOException {
        Path none = dir.resolve("none.safetensors");
        Run r = run("evaluate", "--model", none.toString(), "--data", data.toString());
        assertThat(r.err()).containsExactly("error: " + none + ": no such file");
        Run d = run("evaluate", "--model", dir.resolve("a-dir-model").toString(), "--data", data.toString());
        assertThat(d.err().get(0)).contains("no such file");
        Path empty = dir.resolve("empty");
        IdxFiles.writeDataset(empty, 120, 0, 3);
        Path model = dir.resolve("ok.safetensors");
        ModelIO.save(Sequential.of(Linear.create(784, 10, Init.heNormal(), 1)), model);
        Run e = run("evaluate", "--model", model.toString(), "--data", empty.toString());
        assertThat(e.exit()).isEqualTo(1);
        assertThat(e.err()).hasSize(1);
        assertThat(e.err().get(0)).endsWith(": holds no images").doesNotContain("NaN");
    }
}
