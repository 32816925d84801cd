package dev.lanewise.kernels;

import dev.lanewise.kernels.ops.KernelOps;
import dev.lanewise.kernels.ops.KernelProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One provider decides: the facades run {@link KernelProvider#active()}, which is the vector implementation exactly
 * when {@link Vectorization} enabled it, and both implementations can run side by side in one JVM.
 */
class KernelProviderTest {

    @Test
    void activeImplementationFollowsTheVectorizationDecision() {
        assertThat(KernelProvider.active().name()).isEqualTo(Vectorization.isEnabled() ? "vector" : "reference");
        assertThat(KernelProvider.reference().name()).isEqualTo("reference");
        if (Vectorization.isEnabled()) {
            assertThat(KernelProvider.vector()).isSameAs(KernelProvider.active());
        } else {
            assertThatThrownBy(KernelProvider::vector).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Vector API");
        }
    }

    static IntStream sizes() {
        return IntStream.of(Shapes.sizes());
    }

    /** The facade is the active implementation behind checks: its result equals a direct trusting call, bit for bit. */
    @ParameterizedTest
    @MethodSource("sizes")
    void facadeEqualsTheActiveImplementation(int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        float[] x = TestArrays.vector(rnd, 2, n, -3, 3);
        float[] viaFacade = new float[n + 5];
        float[] direct = new float[n + 5];
        Activations.tanh(n, x, 2, viaFacade, 1);
        KernelProvider.active().tanh(n, x, 2, direct, 1);
        TestArrays.assertBitEqual(viaFacade, direct, "tanh");
    }

    /** Both implementations in one JVM, on a GEMM that takes the packed path when vectorized: within the sum bound. */
    @Test
    void vectorAndReferenceGemmRunSideBySide() {
        assumeTrue(Vectorization.isEnabled(), "the vector path is not enabled in this JVM");
        int m = 37, n = 61, k = 129;
        SplittableRandom rnd = new SplittableRandom(7);
        float[] a = TestArrays.matrix(rnd, 0, m, k, k, 0);
        float[] b = TestArrays.matrix(rnd, 0, k, n, n, 0);
        float[] expected = new float[m * n];
        float[] actual = new float[m * n];
        KernelOps reference = KernelProvider.reference(), vector = KernelProvider.vector();
        reference.sgemm(GemmStrategy.AUTO, 1, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, expected, 0, n);
        vector.sgemm(GemmStrategy.PACKED, 2, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, actual, 0, n);
        for (int i = 0; i < m * n; i++) {
            // |a|, |b| < 1: Σ|a·b| ≤ k.
            assertThat((double) actual[i]).isCloseTo(expected[i],
                    org.assertj.core.api.Assertions.within(Tolerance.twoFloatSums(k, k)));
        }
    }
}
