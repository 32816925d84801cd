package dev.lanewise.kernels;

import dev.lanewise.kernels.reference.ReferenceGemm;
import dev.lanewise.kernels.simd.PackedGemm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The packed strategy beyond the shared reference suite of {@link GemmTest} (which covers PACKED too): tiny
 * blockings so every MR, NR, KC, MC and NC boundary is crossed on small matrices, every micro-kernel tile,
 * thread-count independence, concurrency and steady-state allocation.
 */
class PackedGemmTest {
    static final int L = Vectorization.floatLanes();

    static Stream<Arguments> tinyBlockings() {
        List<Arguments> cases = new ArrayList<>();
        for (GemmBlocking.Tile tile : GemmBlocking.TILES) {
            int mr = tile.rows(), nr = tile.vectors() * L;
            cases.add(Arguments.of(new GemmBlocking(mr, nr, 7, 2 * mr, nr)));
            cases.add(Arguments.of(new GemmBlocking(mr, nr, 16, 3 * mr, 2 * nr)));
            cases.add(Arguments.of(new GemmBlocking(mr, nr, 1, mr, 3 * nr)));
        }
        return cases.stream();
    }

    /** Shapes that end one element before, on, and after block edges of every tiny blocking. */
    @ParameterizedTest
    @MethodSource("tinyBlockings")
    void matchesReferenceAcrossEveryBlockBoundary(GemmBlocking bs) {
        int[] ms = {1, bs.mr() - 1, bs.mr(), bs.mr() + 1, bs.mc() - 1, bs.mc() + 1, 2 * bs.mc() + 3};
        int[] ns = {1, bs.nr() - 1, bs.nr() + 1, bs.nc() + 1, 2 * bs.nc() + 5};
        int[] ks = {1, bs.kc() - 1, bs.kc(), bs.kc() + 1, 3 * bs.kc() + 2};
        long seed = 1;
        for (int m : ms) {
            for (int n : ns) {
                for (int k : ks) {
                    if (m < 1 || n < 1 || k < 1) {
                        continue;
                    }
                    int t = (int) (seed % 4);
                    float beta = seed % 3 == 0 ? 0f : -0.5f;
                    checkAgainstReference(bs, 1 + (int) (seed % 3), (t & 1) != 0, (t & 2) != 0, m, n, k, 1.5f, beta, seed++);
                }
            }
        }
    }

    @Test
    void resultsAreBitIdenticalForOneTwoAndThreeThreads() {
        SplittableRandom rnd = new SplittableRandom(11);
        // All above the 2²³ multiply-add threshold, so the parallel path really runs (m or n split); the direct
        // form splits columns in 301×611×97 and 64×1000×300, rows in 3001×40×97 (too few column blocks), all with
        // ragged edge tiles.
        for (int[] mnk : new int[][]{{300, 257, 129}, {97, 611, 300}, {1, 8192, 1100}, {3000, 3, 1000},
                {301, 611, 97}, {64, 1000, 300}, {3001, 40, 97}}) {
            int m = mnk[0], n = mnk[1], k = mnk[2];
            float[] a = TestArrays.matrix(rnd, 0, m, k, k, 0);
            float[] b = TestArrays.matrix(rnd, 0, k, n, n, 0);
            float[] c0 = TestArrays.matrix(rnd, 0, m, n, n, 0);
            for (GemmStrategy strategy : new GemmStrategy[]{GemmStrategy.PACKED, GemmStrategy.DIRECT,
                    GemmStrategy.AUTO}) {
                float[] first = null;
                for (int threads = 1; threads <= 3; threads++) {
                    float[] c = c0.clone();
                    Gemm.sgemm(strategy, threads, false, false, m, n, k, 0.75f, a, 0, k, b, 0, n, 0.5f, c, 0, n);
                    if (first == null) {
                        first = c;
                    } else {
                        assertThat(c).as("%s, %d threads vs 1 for %dx%dx%d", strategy, threads, m, n, k)
                                .usingElementComparator(TestArrays::compareBits).containsExactly(first);
                    }
                }
            }
        }
    }

    @Test
    void concurrentCallsFromEightThreadsMatchSerialResults() throws Exception {
        int calls = 8;
        SplittableRandom rnd = new SplittableRandom(5);
        List<float[]> as = new ArrayList<>(), bs = new ArrayList<>(), serial = new ArrayList<>();
        int m = 200, n = 210, k = 220;   // 9.2 M multiply-adds: the parallel path
        for (int i = 0; i < calls; i++) {
            as.add(TestArrays.matrix(rnd, 0, m, k, k, 0));
            bs.add(TestArrays.matrix(rnd, 0, k, n, n, 0));
            float[] c = new float[m * n];
            Gemm.sgemm(GemmStrategy.PACKED, 2, false, true, m, n, k, 1f, as.get(i), 0, k, bs.get(i), 0, k, 0f, c, 0, n);
            serial.add(c);
        }
        ExecutorService pool = Executors.newFixedThreadPool(calls);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<float[]>> results = new ArrayList<>();
                for (int i = 0; i < calls; i++) {
                    int id = i;
                    Callable<float[]> call = () -> {
                        float[] c = new float[m * n];
                        Gemm.sgemm(GemmStrategy.PACKED, 2, false, true, m, n, k, 1f, as.get(id), 0, k, bs.get(id), 0, k,
                                0f, c, 0, n);
                        return c;
                    };
                    results.add(pool.submit(call));
                }
                for (int i = 0; i < calls; i++) {
                    assertThat(results.get(i).get()).usingElementComparator(TestArrays::compareBits)
                            .containsExactly(serial.get(i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Packing buffers are per thread and reused: once the JIT has compiled the kernels, 10,000 further calls
     * allocate (almost) nothing. Warm-up rounds repeat until the JIT settles, bounded so a real leak still fails.
     */
    @Test
    void steadyStateCallsDoNotAllocate() {
        int m = 37, n = 41, k = 53;
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        java.util.Arrays.fill(a, 0.5f);
        java.util.Arrays.fill(b, 0.25f);
        Runnable call = () -> Gemm.sgemm(GemmStrategy.PACKED, 1, false, false, m, n, k, 1f, a,
                0, k, b, 0, n, 0f, c, 0, n);
        assertThat(SteadyStateAllocation.bytesPer10kCalls(call)).as("bytes allocated by 10,000 steady-state calls")
                .isLessThan(SteadyStateAllocation.NOTHING);
    }

    /** Above the L2 budget the default blocking doubles kc (unless lanewise.gemm.kc is set); results stay right. */
    @Test
    void largeProductsUseTheDoubledDepthAndStillMatchTheReference() {
        GemmBlocking current = GemmBlocking.current();
        assertThat(GemmBlocking.forProduct(current.mc(), current.kc())).isEqualTo(current);
        int m = 2 * current.mc() + 7, n = current.kc() + current.nr() + 5;
        GemmBlocking large = GemmBlocking.forProduct(m, n);
        if (System.getProperty("lanewise.gemm.kc") == null) {
            assertThat(large.kc()).isEqualTo(Math.min(2048, 2 * current.kc()));
        }
        int k = large.kc() + 9;   // two kc blocks with the doubled depth, three with the default
        for (int threads = 1; threads <= 2; threads++) {
            checkAgainstReference(large, threads, false, true, m, n, k, 1f, 0.5f, 77 + threads);
        }
        SplittableRandom rnd = new SplittableRandom(5);
        float[] a = TestArrays.matrix(rnd, 0, m, k, k, 1), b = TestArrays.matrix(rnd, 0, k, n, n, 1);
        float[] viaGemm = new float[m * n], viaPacked = new float[m * n];
        Gemm.sgemm(GemmStrategy.PACKED, 2, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, viaGemm, 0, n);
        PackedGemm.sgemm(large, 1, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, viaPacked, 0, n);
        assertThat(viaGemm).as("the PACKED strategy uses forProduct's blocking").isEqualTo(viaPacked);
    }

    static void checkAgainstReference(GemmBlocking bs, int threads, boolean transA, boolean transB, int m, int n, int k,
                                      float alpha, float beta, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int lda = (transA ? m : k) + 1, ldb = (transB ? k : n) + 2, ldc = n + 3;
        float[] a = TestArrays.matrix(rnd, 2, transA ? k : m, transA ? m : k, lda, 1);
        float[] b = TestArrays.matrix(rnd, 1, transB ? n : k, transB ? k : n, ldb, 1);
        float[] c = TestArrays.matrix(rnd, 3, m, n, ldc, 1);
        float[] expected = c.clone();
        ReferenceGemm.sgemm(transA, transB, m, n, k, alpha, a, 2, lda, b, 1, ldb, beta, expected, 3, ldc);
        float[] actual = c.clone();
        PackedGemm.sgemm(bs, threads, transA, transB, m, n, k, alpha, a, 2, lda, b, 1, ldb, beta, actual, 3, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double magnitude = Math.abs(beta * (double) c[3 + i * ldc + j]);
                for (int p = 0; p < k; p++) {
                    magnitude += Math.abs(alpha * (double) (transA ? a[2 + p * lda + i] : a[2 + i * lda + p])
                            * (transB ? b[1 + j * ldb + p] : b[1 + p * ldb + j]));
                }
                int idx = 3 + i * ldc + j;
                double bound = Tolerance.twoFloatSums(k + 3, magnitude);
                if (!(Math.abs((double) actual[idx] - expected[idx]) <= bound)) {
                    fail("%s %dx%dx%d transA=%s transB=%s: C[%d,%d] = %s, reference %s (bound %s)", bs, m, n, k,
                            transA, transB, i, j, actual[idx], expected[idx], bound);
                }
            }
        }
        TestArrays.assertOutsideUntouched(c, actual, 3, m, n, ldc);
    }
}
