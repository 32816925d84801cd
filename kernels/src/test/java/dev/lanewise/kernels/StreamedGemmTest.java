package dev.lanewise.kernels;

import dev.lanewise.kernels.reference.ReferenceGemm;
import dev.lanewise.kernels.simd.PackedGemm;
import dev.lanewise.kernels.simd.StreamedGemm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The streamed form of {@code A·Bᵀ} (B's rows read in place, only A packed), beyond {@link GemmTest}'s AUTO cases
 * (which reach it for NT products with m ≤ 4·NR): tiny blockings so every MR, NR, KC and row-block edge is crossed,
 * against the reference and bit for bit against the packed GEMM with the same blocking, on every tile.
 */
class StreamedGemmTest {

    static java.util.stream.Stream<GemmBlocking> tinyBlockings() {
        return PackedGemmTest.tinyBlockings().map(a -> (GemmBlocking) a.get()[0]);
    }

    /** Edges of MR (B's rows), NR and the row block (A's rows), KC, with offsets, padding, alpha and beta. */
    @ParameterizedTest
    @MethodSource("tinyBlockings")
    void matchesTheReferenceAndThePackedGemmAcrossEveryEdge(GemmBlocking bs) {
        int mb = Math.max(bs.nr(), bs.mc() / bs.nr() * bs.nr());
        int[] ms = {1, bs.nr() - 1, bs.nr(), bs.nr() + 1, mb + 1, 2 * mb + 3};
        int[] ns = {1, bs.mr() - 1, bs.mr(), bs.mr() + 1, 3 * bs.mr() + 2};
        int[] ks = {1, bs.kc() - 1, bs.kc(), bs.kc() + 1, 3 * bs.kc() + 2};
        long seed = 1;
        for (int m : ms) {
            for (int n : ns) {
                for (int k : ks) {
                    if (m < 1 || n < 1 || k < 1) {   // k == 0 and empty C never get here (VectorGemm.trivial)
                        continue;
                    }
                    float beta = seed % 3 == 0 ? 0f : seed % 3 == 1 ? 1f : -0.5f;
                    check(bs, 1 + (int) (seed % 3), m, n, k, seed % 2 == 0 ? 1f : 1.5f, beta, seed++);
                }
            }
        }
    }

    @Test
    void resultsAreBitIdenticalForOneTwoAndThreeThreads() {
        GemmBlocking bs = GemmBlocking.current();
        // Above the 2²³ multiply-add threshold, so the parallel path runs: split along n (B's rows), and along m.
        for (int[] mnk : new int[][]{{64, 300, 784}, {4 * bs.nr(), 61, 2500}}) {
            int m = mnk[0], n = mnk[1], k = mnk[2];
            SplittableRandom rnd = new SplittableRandom(m);
            float[] a = TestArrays.matrix(rnd, 0, m, k, k, 0), b = TestArrays.matrix(rnd, 0, n, k, k, 0);
            float[] c0 = TestArrays.matrix(rnd, 0, m, n, n, 0);
            float[] first = null;
            for (int threads = 1; threads <= 3; threads++) {
                float[] c = c0.clone();
                StreamedGemm.sgemm(bs, threads, m, n, k, 0.75f, a, 0, k, b, 0, k, 0.5f, c, 0, n);
                if (first == null) {
                    first = c;
                } else {
                    assertThat(c).as("%d threads vs 1 for %dx%dx%d", threads, m, n, k)
                            .usingElementComparator(TestArrays::compareBits).containsExactly(first);
                }
            }
        }
    }

    /** AUTO takes the streamed form exactly for NT products with few rows of A; the results equal PACKED's. */
    @Test
    void autoStreamsForwardPassesAndKeepsThePackedBits() {
        GemmBlocking bs = GemmBlocking.current();
        int nr = bs.nr();
        assertThat(StreamedGemm.suits(bs, false, true, 64)).isEqualTo(64 <= 4 * nr);
        assertThat(StreamedGemm.suits(bs, false, true, 4 * nr)).isTrue();
        assertThat(StreamedGemm.suits(bs, false, true, 4 * nr + 1)).isFalse();
        assertThat(StreamedGemm.suits(bs, false, false, 8)).isFalse();
        assertThat(StreamedGemm.suits(bs, true, true, 8)).isFalse();
        assertThat(StreamedGemm.suits(bs, true, false, 8)).isFalse();
        int m = 4 * nr - 3, n = 300, k = 784;
        SplittableRandom rnd = new SplittableRandom(3);
        float[] a = TestArrays.matrix(rnd, 0, m, k, k, 0), b = TestArrays.matrix(rnd, 0, n, k, k, 0);
        float[] auto = new float[m * n], packed = new float[m * n];
        Gemm.sgemm(GemmStrategy.AUTO, 1, false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, auto, 0, n);
        Gemm.sgemm(GemmStrategy.PACKED, 1, false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, packed, 0, n);
        assertThat(auto).usingElementComparator(TestArrays::compareBits).containsExactly(packed);
    }

    private static void check(GemmBlocking bs, int threads, int m, int n, int k, float alpha, float beta, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int offA = 2, offB = 1, offC = 3, lda = k + 1, ldb = k + 2, ldc = n + 3;
        float[] a = TestArrays.matrix(rnd, offA, m, k, lda, 1);
        float[] b = TestArrays.matrix(rnd, offB, n, k, ldb, 1);
        float[] c = TestArrays.matrix(rnd, offC, m, n, ldc, 1);
        if (beta == 0f) {
            java.util.Arrays.fill(c, Float.NaN);   // beta == 0 never reads C
        }
        float[] expected = c.clone();
        ReferenceGemm.sgemm(false, true, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, expected, offC, ldc);
        float[] actual = c.clone();
        StreamedGemm.sgemm(bs, threads, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, actual, offC, ldc);
        float[] packed = c.clone();
        PackedGemm.sgemm(bs, 1, false, true, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, packed, offC, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int idx = offC + i * ldc + j;
                double magnitude = beta == 0f ? 0 : Math.abs(beta * (double) c[idx]);
                for (int p = 0; p < k; p++) {
                    magnitude += Math.abs(alpha * (double) a[offA + i * lda + p] * b[offB + j * ldb + p]);
                }
                double bound = Tolerance.twoFloatSums(k + 3, magnitude);
                if (!(Math.abs((double) actual[idx] - expected[idx]) <= bound)) {
                    fail("%s %dx%dx%d: C[%d,%d] = %s, reference %s (bound %s)", bs, m, n, k, i, j, actual[idx],
                            expected[idx], bound);
                }
            }
        }
        assertThat(actual).as("%s %dx%dx%d streamed vs packed", bs, m, n, k)
                .usingElementComparator(TestArrays::compareBits).containsExactly(packed);
        TestArrays.assertOutsideUntouched(c, actual, offC, m, n, ldc);
    }
}
