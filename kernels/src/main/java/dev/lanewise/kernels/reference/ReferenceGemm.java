package dev.lanewise.kernels.reference;

/**
 * Plain-loop GEMM, in the loop order of the netlib reference BLAS: scale row i of C by beta, then add
 * {@code (alpha·op(A)[i,p]) · op(B)[p,j]} for p = 0..k-1. The truth for tests and the baseline for benchmarks.
 * Trusts its arguments (the {@code Gemm} facade validates them).
 */
public final class ReferenceGemm {
    private ReferenceGemm() {
    }

    /** C = alpha·op(A)·op(B) + beta·C, row-major; beta == 0 never reads C; alpha == 0 never reads A or B. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int offA, int lda,
                             float[] b, int offB, int ldb,
                             float beta, float[] c, int offC, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = offC + i * ldc;
            for (int j = 0; j < n; j++) {
                c[ci + j] = beta == 0f ? 0f : beta * c[ci + j];
            }
            if (alpha == 0f) {
                continue;
            }
            for (int p = 0; p < k; p++) {
                float t = alpha * (transA ? a[offA + p * lda + i] : a[offA + i * lda + p]);
                for (int j = 0; j < n; j++) {
                    c[ci + j] += t * (transB ? b[offB + j * ldb + p] : b[offB + p * ldb + j]);
                }
            }
        }
    }
}
