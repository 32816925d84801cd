package dev.lanewise.kernels;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dot form ({@link GemmStrategy#VECTOR_DOT}) computes every element of C the same way, whichever path takes it
 * (a 4×4 register tile, a leftover row's four columns, a leftover column) and whichever thread's column block it
 * falls in: a product must equal, bit for bit, the same rows computed one at a time (m = 1, never a tile) and the
 * same product at any thread count. That is what lets AUTO pick the dot form by shape for a batch and for a
 * single sample and still give a model the same outputs per sample.
 */
class DotGemmTest {
    private static final int[][] SHAPES = {
            // m, n, k: tiles with ragged row and column edges, k with and without a scalar tail, one lane less and
            // more than a vector, and the training step's forward product (above the parallel threshold).
            {9, 7, 33}, {17, 13, 15}, {4, 4, 16}, {5, 6, 17}, {31, 29, 257}, {64, 300, 784}, {13, 1001, 700},
            {3, 1, 100}, {1, 9, 31}};

    @Test
    void batchEqualsRowByRowProductsBitForBit() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int[] mnk : SHAPES) {
            int m = mnk[0], n = mnk[1], k = mnk[2];
            for (boolean transB : new boolean[]{true, false}) {
                for (float beta : new float[]{0f, 0.5f}) {
                    int lda = k + 3, ldb = transB ? k + 1 : n + 2, ldc = n + 5;
                    float[] a = TestArrays.matrix(rnd, 2, m, k, lda, 0);
                    float[] b = transB ? TestArrays.matrix(rnd, 1, n, k, ldb, 0)
                            : TestArrays.matrix(rnd, 1, k, n, ldb, 0);
                    float[] c0 = TestArrays.matrix(rnd, 3, m, n, ldc, 0);
                    float[] whole = c0.clone();
                    Gemm.sgemm(GemmStrategy.VECTOR_DOT, 1, false, transB, m, n, k, 1.25f, a, 2, lda, b, 1, ldb,
                            beta, whole, 3, ldc);
                    float[] rows = c0.clone();
                    for (int i = 0; i < m; i++) {
                        Gemm.sgemm(GemmStrategy.VECTOR_DOT, 1, false, transB, 1, n, k, 1.25f, a, 2 + i * lda, lda,
                                b, 1, ldb, beta, rows, 3 + i * ldc, ldc);
                    }
                    assertThat(whole).as("%dx%dx%d transB=%s beta=%s", m, n, k, transB, beta)
                            .usingElementComparator(TestArrays::compareBits).containsExactly(rows);
                }
            }
        }
    }

    @Test
    void resultsAreBitIdenticalForOneTwoAndThreeThreads() {
        SplittableRandom rnd = new SplittableRandom(6);
        // 64×300×784 and 13×1001×700 are above the parallel threshold: their columns are split in blocks of four.
        for (int[] mnk : SHAPES) {
            int m = mnk[0], n = mnk[1], k = mnk[2];
            float[] a = TestArrays.matrix(rnd, 0, m, k, k, 0);
            float[] b = TestArrays.matrix(rnd, 0, n, k, k, 0);
            float[] c0 = TestArrays.matrix(rnd, 0, m, n, n, 0);
            float[] first = null;
            for (int threads = 1; threads <= 3; threads++) {
                float[] c = c0.clone();
                Gemm.sgemm(GemmStrategy.VECTOR_DOT, threads, false, true, m, n, k, 0.75f, a, 0, k, b, 0, k, 0.5f,
                        c, 0, n);
                if (first == null) {
                    first = c;
                } else {
                    assertThat(c).as("%d threads vs 1 for %dx%dx%d", threads, m, n, k)
                            .usingElementComparator(TestArrays::compareBits).containsExactly(first);
                }
            }
        }
    }

    /**
     * Once the JIT has compiled the tiles, 10,000 further single-thread calls allocate (almost) nothing: a vector
     * that C2 leaves boxed (passed to a call it did not inline) would cost 64+ bytes per tile. Warm-up rounds repeat
     * until the JIT settles, bounded so a real leak still fails.
     */
    @Test
    void steadyStateCallsDoNotAllocate() {
        int m = 9, n = 10, k = 40;   // two rows of tiles, a leftover row, two leftover columns, a scalar tail
        float[] a = new float[m * k], b = new float[n * k], c = new float[m * n];
        java.util.Arrays.fill(a, 0.5f);
        java.util.Arrays.fill(b, 0.25f);
        Runnable call = () -> Gemm.sgemm(GemmStrategy.VECTOR_DOT, 1, false, true, m, n, k, 1f, a,
                0, k, b, 0, k, 0f, c, 0, n);
        assertThat(SteadyStateAllocation.bytesPer10kCalls(call)).as("bytes allocated by 10,000 steady-state calls")
                .isLessThan(SteadyStateAllocation.NOTHING);
    }
}
