package dev.lanewise.kernels;

import dev.lanewise.kernels.reference.ReferenceGemm;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * One GEMM call checked against {@link ReferenceGemm}: operands embedded with offsets and leading-dimension
 * padding in NaN-filled arrays, C filled with NaN when beta == 0 and A, B filled with NaN when alpha == 0 (BLAS
 * says those are never read), every element within the derived bound {@code 2·γ_(k+3)·(|α|Σ|a||b| + |β||c|)},
 * and nothing outside C's matrix written.
 */
record GemmCase(GemmStrategy strategy, int threads, boolean transA, boolean transB, int m, int n, int k,
                float alpha, float beta, int offA, int padA, int offB, int padB, int offC, int padC, long seed) {

    static GemmCase of(GemmStrategy strategy, boolean transA, boolean transB, int m, int n, int k,
                       float alpha, float beta, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        return new GemmCase(strategy, 1, transA, transB, m, n, k, alpha, beta,
                rnd.nextInt(4), rnd.nextInt(3), rnd.nextInt(4), rnd.nextInt(3), rnd.nextInt(4), rnd.nextInt(3), seed);
    }

    void check() {
        check(false);
    }

    /**
     * The same product against B packed ahead ({@link PackedMatrix}): within the same bound of the reference, and
     * where the packed matrix says it matches AUTO, bit for bit the unpacked AUTO result; also unchanged when the
     * source array changes after packing.
     */
    void checkPacked() {
        check(true);
    }

    private void check(boolean packed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        int lda = Math.max(1, aCols) + padA, ldb = Math.max(1, bCols) + padB, ldc = Math.max(1, n) + padC;
        float[] a = TestArrays.matrix(rnd, offA, aRows, aCols, lda, 2);
        float[] b = TestArrays.matrix(rnd, offB, bRows, bCols, ldb, 2);
        float[] c = TestArrays.matrix(rnd, offC, m, n, ldc, 2);
        float[] cOld = c.clone();
        if (alpha == 0f) {
            Arrays.fill(a, Float.NaN);
            Arrays.fill(b, Float.NaN);
        }
        if (beta == 0f) {
            Arrays.fill(c, Float.NaN);
        }
        float[] expected = c.clone();
        ReferenceGemm.sgemm(transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, expected, offC, ldc);
        float[] actual = c.clone();
        if (packed) {
            PackedMatrix pb = PackedMatrix.packB(transB, k, n, b, offB, ldb);
            float[] source = b.clone();
            Arrays.fill(b, 7f);   // the packed matrix holds its own copy
            Gemm.sgemm(threads, transA, m, alpha, a, offA, lda, pb, beta, actual, offC, ldc);
            System.arraycopy(source, 0, b, 0, b.length);
            if (pb.matchesAuto(m)) {
                float[] auto = c.clone();
                Gemm.sgemm(GemmStrategy.AUTO, threads, transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb,
                        beta, auto, offC, ldc);
                if (!Arrays.equals(auto, actual)) {
                    fail("%s: the packed product differs from the unpacked AUTO product although matchesAuto(%d)",
                            this, m);
                }
            }
        } else {
            Gemm.sgemm(strategy, threads, transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb,
                    beta, actual, offC, ldc);
        }

        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double magnitude = beta == 0f ? 0 : Math.abs(beta) * Math.abs((double) cOld[offC + i * ldc + j]);
                if (alpha != 0f) {
                    double dot = 0;
                    for (int p = 0; p < k; p++) {
                        dot += Math.abs((double) (transA ? a[offA + p * lda + i] : a[offA + i * lda + p]))
                                * Math.abs((double) (transB ? b[offB + j * ldb + p] : b[offB + p * ldb + j]));
                    }
                    magnitude += Math.abs(alpha) * dot;
                }
                int idx = offC + i * ldc + j;
                double tolerance = Tolerance.twoFloatSums(k + 3, magnitude);
                double error = Math.abs((double) actual[idx] - expected[idx]);
                if (!(error <= tolerance)) {
                    fail("%s: C[%d,%d] = %s but the reference gives %s (|error| %s > bound %s)",
                            this, i, j, actual[idx], expected[idx], error, tolerance);
                }
            }
        }
        TestArrays.assertOutsideUntouched(c, actual, offC, m, n, ldc);
        assertThat(actual.length).isEqualTo(c.length);
    }
}
