package dev.lanewise.kernels;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class GemmTest {
    static final float[] SCALARS = {0f, 1f, -0.5f, 2f};
    static final GemmStrategy[] VECTOR_STRATEGIES = {GemmStrategy.AUTO, GemmStrategy.VECTOR_AXPY, GemmStrategy.VECTOR_DOT,
            GemmStrategy.PACKED, GemmStrategy.DIRECT};

    /** For every listed size s: s³, and s against small odd partners in each of m, n, k. */
    static Stream<Arguments> raggedShapes() {
        List<Arguments> cases = new ArrayList<>();
        long seed = 1;
        for (int s : Shapes.sizes()) {
            int[][] shapes = {{s, s, s}, {s, 7, 33}, {3, s, 17}, {31, 16, s}};
            for (int[] mnk : shapes) {
                for (int t = 0; t < 4; t++) {
                    for (GemmStrategy strategy : VECTOR_STRATEGIES) {
                        float alpha = SCALARS[(int) (seed % 4)] == 0f ? 1.5f : SCALARS[(int) (seed % 4)];
                        float beta = SCALARS[(int) ((seed / 4) % 4)];
                        cases.add(Arguments.of(GemmCase.of(strategy, (t & 1) != 0, (t & 2) != 0,
                                mnk[0], mnk[1], mnk[2], alpha, beta, seed++)));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("raggedShapes")
    void matchesReferenceOnRaggedShapes(GemmCase gemm) {
        gemm.check();
    }

    static Stream<Arguments> scalarCombinations() {
        List<Arguments> cases = new ArrayList<>();
        long seed = 1000;
        for (float alpha : SCALARS) {
            for (float beta : SCALARS) {
                for (int t = 0; t < 4; t++) {
                    for (GemmStrategy strategy : VECTOR_STRATEGIES) {
                        cases.add(Arguments.of(GemmCase.of(strategy, (t & 1) != 0, (t & 2) != 0, 19, 37, 23,
                                alpha, beta, seed++)));
                    }
                }
            }
        }
        return cases.stream();
    }

    /** alpha, beta ∈ {0, 1, −0.5, 2}; beta == 0 runs with NaN in C and alpha == 0 with NaN in A and B. */
    @ParameterizedTest
    @MethodSource("scalarCombinations")
    void matchesReferenceForEveryAlphaBeta(GemmCase gemm) {
        gemm.check();
    }

    @Property(tries = 300)
    void matchesReferenceOnRandomShapes(@ForAll @IntRange(max = 80) int m, @ForAll @IntRange(max = 80) int n,
                                        @ForAll @IntRange(max = 300) int k, @ForAll boolean transA,
                                        @ForAll boolean transB, @ForAll GemmStrategy strategy,
                                        @ForAll @IntRange(min = 1, max = 3) int threads,
                                        @ForAll @IntRange(max = 3) int alphaIndex,
                                        @ForAll @IntRange(max = 3) int betaIndex, @ForAll long seed) {
        GemmCase base = GemmCase.of(strategy, transA, transB, m, n, k, SCALARS[alphaIndex], SCALARS[betaIndex], seed);
        new GemmCase(strategy, threads, transA, transB, m, n, k, base.alpha(), base.beta(), base.offA(), base.padA(),
                base.offB(), base.padB(), base.offC(), base.padC(), seed).check();
    }

    @ParameterizedTest
    @EnumSource(GemmStrategy.class)
    void largeProblemMatchesReferenceOnOneAndTwoThreads(GemmStrategy strategy) {
        for (int threads = 1; threads <= 2; threads++) {
            withThreads(GemmCase.of(strategy, false, false, 300, 520, 700, 1f, 0.5f, 99), threads).check();
            withThreads(GemmCase.of(strategy, true, true, 333, 129, 1025, -0.5f, 0f, 98), threads).check();
            withThreads(GemmCase.of(strategy, true, false, 61, 1000, 257, 2f, 1f, 97), threads).check();
        }
    }

    private static GemmCase withThreads(GemmCase g, int threads) {
        return new GemmCase(g.strategy(), threads, g.transA(), g.transB(), g.m(), g.n(), g.k(), g.alpha(), g.beta(),
                g.offA(), g.padA(), g.offB(), g.padB(), g.offC(), g.padC(), g.seed());
    }

    @Test
    void betaZeroIgnoresNaNInC() {
        float[] a = {1, 2, 3, 4};
        float[] b = {5, 6, 7, 8};
        for (GemmStrategy strategy : GemmStrategy.values()) {
            float[] c = {Float.NaN, Float.NaN, Float.POSITIVE_INFINITY, Float.NaN};
            Gemm.sgemm(strategy, 1, false, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
            assertThat(c).as(strategy.name()).containsExactly(19, 22, 43, 50);
        }
    }

    @Test
    void zeroSizedProblemsLeaveCAsBetaScaledOrUntouched() {
        float[] a = {Float.NaN};
        float[] b = {Float.NaN};
        float[] c = {1, 2, 3, 4, 5, 6};
        Gemm.sgemm(false, false, 2, 3, 0, 1f, a, 0, 1, b, 0, 3, 2f, c, 0, 3);
        assertThat(c).containsExactly(2, 4, 6, 8, 10, 12);
        float[] nanA = new float[10];
        float[] nanB = new float[15];
        java.util.Arrays.fill(nanA, Float.NaN);
        java.util.Arrays.fill(nanB, Float.NaN);
        Gemm.sgemm(false, false, 0, 3, 5, 1f, a, 0, 5, nanB, 0, 3, 0f, c, 0, 3);
        Gemm.sgemm(false, false, 2, 0, 5, 1f, nanA, 0, 5, b, 0, 1, 0f, c, 0, 1);
        assertThat(c).containsExactly(2, 4, 6, 8, 10, 12);
    }
}
