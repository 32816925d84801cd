package dev.lanewise.kernels;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The kernels in a child JVM without {@code --add-modules jdk.incubator.vector}, and with bad or scalar settings. */
class ScalarFallbackTest {

    record Run(int exitCode, String stdout, String stderr) {
    }

    @Test
    void kernelsRunScalarAndSayHowToEnableSimdWithoutTheVectorModule() throws Exception {
        Run run = runProbe(List.of());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("vectorized=false bits=0").contains("all kernel families matched");
        assertThat(run.stderr()).doesNotContain("NoClassDefFoundError");
        assertThat(run.stderr().lines().filter(l -> l.contains("Start the JVM with --add-modules jdk.incubator.vector")))
                .as("exactly one line telling how to enable SIMD, in:%n%s", run.stderr()).hasSize(1);
    }

    @Test
    void vectorBitsZeroForcesTheScalarPath() throws Exception {
        Run run = runProbe(List.of("--add-modules", "jdk.incubator.vector", "-Dlanewise.vectorBits=0"));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("vectorized=false bits=0");
    }

    @Test
    void withTheModuleTheVectorPathRuns() throws Exception {
        Run run = runProbe(List.of("--add-modules", "jdk.incubator.vector", "-Dlanewise.vectorBits=128"));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("vectorized=true bits=128");
    }

    @Test
    void unsupportedVectorBitsFailWithAMessageNamingTheProperty() throws Exception {
        Run run = runProbe(List.of("--add-modules", "jdk.incubator.vector", "-Dlanewise.vectorBits=96"));
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.stderr()).contains("lanewise.vectorBits: expected 0, 128, 256 or 512").contains("got 96");
    }

    private static Run runProbe(List<String> jvmArgs) throws IOException, InterruptedException, URISyntaxException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = location(Gemm.class) + File.pathSeparator + location(ScalarFallbackProbe.class);
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", classPath, ScalarFallbackProbe.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        var stdout = process.getInputStream().readAllBytes();
        var stderr = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        return new Run(process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                new String(stderr, StandardCharsets.UTF_8));
    }

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
