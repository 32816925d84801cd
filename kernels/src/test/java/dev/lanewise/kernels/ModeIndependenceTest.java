package dev.lanewise.kernels;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kernels give the same bits interpreted and JIT-compiled. The Vector API runs plain Java fallbacks until C2
 * compiles a kernel, and its transcendental operators and reductions are not bit-identical across the two —
 * which would make seeded training differ between runs. A child JVM with {@code -Xint} and one that warms the
 * kernels up into C2 must print the same digest of every kernel family's output.
 */
class ModeIndependenceTest {

    @Test
    void kernelOutputsAreTheSameInterpretedAndCompiled() throws Exception {
        String interpreted = probe(List.of("-Xint"), 0);
        String compiled = probe(List.of(), 3000);
        assertThat(interpreted).contains("vectorized=" + Vectorization.isEnabled());
        String interpretedFirst = field(interpreted, "first");
        assertThat(field(compiled, "first")).isEqualTo(interpretedFirst);
        assertThat(field(compiled, "last")).as("after JIT compilation").isEqualTo(interpretedFirst);
    }

    private static String field(String out, String name) {
        for (String token : out.trim().split("\\s+")) {
            if (token.startsWith(name + "=")) {
                return token.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " in probe output: " + out);
    }

    private static String probe(List<String> jvmArgs, int repetitions) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = location(Gemm.class) + File.pathSeparator + location(ModeIndependenceProbe.class);
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector"));
        String bits = System.getProperty(Vectorization.VECTOR_BITS_PROPERTY);
        if (bits != null) {
            command.add("-D" + Vectorization.VECTOR_BITS_PROPERTY + "=" + bits);
        }
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", classPath, ModeIndependenceProbe.class.getName(), Integer.toString(repetitions)));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        return text;
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
