package dev.lanewise.kernels;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

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

    @Test
    void convolutionOutputsAreTheSameInterpretedAndCompiledWhenRunAlone() throws Exception {
        String interpreted = probe(List.of("-Xint"), 0, "conv");
        String compiled = probe(List.of(), 5000, "conv");
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

    private static String probe(List<String> jvmArgs, int repetitions, String... mode) throws Exception {
        // The species of this run, forced: under -Xint the kernels would otherwise choose the scalar path.
        List<String> args = concat(List.of("--add-modules", "jdk.incubator.vector",
                "-D" + Vectorization.VECTOR_BITS_PROPERTY + "=" + Vectorization.vectorBits()), jvmArgs);
        ChildJvm.Run run = ChildJvm.run(args,
                ModeIndependenceProbe.class, 300, concat(List.of(Integer.toString(repetitions)), List.of(mode))
                        .toArray(String[]::new));
        assertThat(run.finished()).as("child JVM finished").isTrue();
        String text = run.stdout() + run.stderr();
        assertThat(run.exitCode()).as(text).isZero();
        return text;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
