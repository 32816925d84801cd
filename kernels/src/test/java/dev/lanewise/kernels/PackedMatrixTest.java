package dev.lanewise.kernels;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** GEMM against B packed ahead: the reference within the GEMM bound, and AUTO's bits wherever it claims them. */
class PackedMatrixTest {

    /** Every listed size against small odd partners, all transposes, scalars cycling through {0, 1, −0.5, 2}. */
    static Stream<Arguments> raggedShapes() {
        List<Arguments> cases = new ArrayList<>();
        long seed = 5000;
        for (int s : Shapes.sizes()) {
            int[][] shapes = {{s, s, s}, {s, 7, 33}, {3, s, 17}, {31, 16, s}, {64, s, 300}};
            for (int[] mnk : shapes) {
                for (int t = 0; t < 4; t++) {
                    float alpha = GemmTest.SCALARS[(int) (seed % 4)] == 0f ? 1.5f : GemmTest.SCALARS[(int) (seed % 4)];
                    float beta = GemmTest.SCALARS[(int) ((seed / 4) % 4)];
                    cases.add(Arguments.of(GemmCase.of(GemmStrategy.AUTO, (t & 1) != 0, (t & 2) != 0,
                            mnk[0], mnk[1], mnk[2], alpha, beta, seed++)));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("raggedShapes")
    void matchesReferenceAndAutoOnRaggedShapes(GemmCase gemm) {
        gemm.checkPacked();
    }

    @Property(tries = 200)
    void matchesReferenceAndAutoOnRandomShapes(@ForAll @IntRange(max = 80) int m, @ForAll @IntRange(max = 120) int n,
                                               @ForAll @IntRange(max = 900) int k, @ForAll boolean transA,
                                               @ForAll boolean transB, @ForAll @IntRange(min = 1, max = 3) int threads,
                                               @ForAll @IntRange(max = 3) int alphaIndex,
                                               @ForAll @IntRange(max = 3) int betaIndex, @ForAll long seed) {
        GemmCase base = GemmCase.of(GemmStrategy.AUTO, transA, transB, m, n, k, GemmTest.SCALARS[alphaIndex],
                GemmTest.SCALARS[betaIndex], seed);
        new GemmCase(GemmStrategy.AUTO, threads, transA, transB, m, n, k, base.alpha(), base.beta(), base.offA(),
                base.padA(), base.offB(), base.padB(), base.offC(), base.padC(), seed).checkPacked();
    }

    /** Products large enough to split over threads (above the parallel threshold), several kc blocks deep. */
    @Test
    void largeProductsMatchAutoForEveryThreadCount() {
        long seed = 77;
        for (int[] mnk : new int[][] {{64, 300, 784}, {300, 64, 784}, {256, 512, 784}, {129, 257, 1500}}) {
            for (int threads = 1; threads <= 3; threads++) {
                for (int t = 0; t < 4; t++) {
                    new GemmCase(GemmStrategy.AUTO, threads, (t & 1) != 0, (t & 2) != 0, mnk[0], mnk[1], mnk[2], 1f,
                            0f, 1, 2, 3, 1, 2, 0, seed++).checkPacked();
                }
            }
        }
    }

    @Test
    void aLayersWeightMatchesAutoAtTrainingBatchSizes() {
        // x·Wᵀ for W [300, 784]: the Linear layer's product. At batch 64 AUTO runs the packed strategy.
        PackedMatrix w = PackedMatrix.packB(true, 784, 300, new float[300 * 784], 0, 784);
        assertThat(w.k()).isEqualTo(784);
        assertThat(w.n()).isEqualTo(300);
        if (Vectorization.isEnabled()) {
            assertThat(w.matchesAuto(64)).isTrue();
            assertThat(w.matchesAuto(1)).isFalse();   // AUTO takes the dot form below one register tile of rows
        } else {
            assertThat(w.matchesAuto(1)).isTrue();
        }
    }

    @Test
    void badArgumentsAreNamed() {
        float[] b = new float[12];
        assertThatThrownBy(() -> PackedMatrix.packB(false, 3, 4, null, 0, 4)).hasMessageContaining("b");
        assertThatThrownBy(() -> PackedMatrix.packB(false, -1, 4, b, 0, 4)).hasMessageContaining("k");
        assertThatThrownBy(() -> PackedMatrix.packB(false, 3, 4, b, 0, 3)).hasMessageContaining("ldb");
        assertThatThrownBy(() -> PackedMatrix.packB(false, 3, 4, b, 1, 4)).isInstanceOf(IndexOutOfBoundsException.class);
        PackedMatrix pb = PackedMatrix.packB(false, 3, 4, b, 0, 4);
        float[] a = new float[6], c = new float[8];
        assertThatThrownBy(() -> Gemm.sgemm(1, false, 2, 1f, a, 0, 3, null, 0f, c, 0, 4)).hasMessageContaining("b");
        assertThatThrownBy(() -> Gemm.sgemm(0, false, 2, 1f, a, 0, 3, pb, 0f, c, 0, 4)).hasMessageContaining("threads");
        assertThatThrownBy(() -> Gemm.sgemm(1, false, 2, 1f, a, 0, 2, pb, 0f, c, 0, 4)).hasMessageContaining("lda");
        assertThatThrownBy(() -> Gemm.sgemm(1, false, 3, 1f, a, 0, 3, pb, 0f, c, 0, 4))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Gemm.sgemm(1, false, 2, 1f, a, 0, 3, pb, 0f, c, 0, 3)).hasMessageContaining("ldc");
        assertThatThrownBy(() -> pb.matchesAuto(-1)).hasMessageContaining("m");
    }
}
