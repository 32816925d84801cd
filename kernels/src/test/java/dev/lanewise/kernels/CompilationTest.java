package dev.lanewise.kernels;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * No kernel method is too much for C1. When C1 gives up on a method ("COMPILE SKIPPED: out of virtual registers in
 * LIR generator" — a hand-unrolled register tile with masked stores inline did, twice), HotSpot retries it at
 * another tier, and in some runs it then stayed in unprofiled C1 code, boxing every vector, for a whole training
 * job (steady epochs at half speed). Whether the failing tier-3 compile is even attempted depends on the C2 queue,
 * so the child JVM here stops at tier 3 (with the vector path forced on, and low compile thresholds) and runs every
 * kernel family: its compile log must show no lanewise method given up (a skip for concurrent class loading is a
 * benign retry). The check is about bytecode, the same for every species, so it runs in the preferred-species
 * execution only.
 */
class CompilationTest {
    @Test
    void everyKernelCompilesInC1() throws Exception {
        assumeTrue(Vectorization.isEnabled(), "scalar path: no vector kernels to compile");
        assumeTrue(System.getProperty(Vectorization.VECTOR_BITS_PROPERTY) == null,
                "runs once, in the preferred-species execution");
        int bits = Vectorization.floatLanes() * Float.SIZE;
        ChildJvm.Run run = ChildJvm.run(List.of("--add-modules", "jdk.incubator.vector", "-XX:TieredStopAtLevel=3",
                "-XX:CompileThresholdScaling=0.05", "-D" + Vectorization.VECTOR_BITS_PROPERTY + "=" + bits,
                "-XX:+PrintCompilation"), CompilationProbe.class, 300);
        assertThat(run.finished()).as("child JVM finished").isTrue();
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("done").contains("dev.lanewise.kernels.simd.DirectGemm::tile")
                .contains("dev.lanewise.kernels.simd.MicroKernels::kernel");
        List<String> skipped = run.stdout().lines()
                .filter(l -> l.contains("dev.lanewise.") && (l.contains("COMPILE SKIPPED") || l.contains("not compilable")))
                .filter(l -> !l.contains("concurrent class loading"))
                .toList();
        assertThat(skipped).as("compilations given up").isEmpty();
    }
}
