package dev.lanewise.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM as broadcast-FMA rows: {@code C[i,:] = beta·C[i,:] + Σ_p (alpha·op(A)[i,p]) · op(B)[p,:]}, four p per
 * sweep over the row so each vector of C is loaded and stored once per four FMAs. Needs the rows of op(B)
 * contiguous; when op(B) = Bᵀ, B is first transposed into this thread's scratch buffer.
 */
public final class AxpyGemm {
    private static final VectorSpecies<Float> F = Lanes.F;

    private AxpyGemm() {
    }

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int offA, int lda,
                             float[] b, int offB, int ldb,
                             float beta, float[] c, int offC, int ldc) {
        if (!transB) {
            rows(transA, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
            return;
        }
        float[] bt = Scratch.take(Scratch.Slot.GEMM_B, (long) k * n);
        try {
            Transpose.into(b, offB, ldb, n, k, bt);
            rows(transA, m, n, k, alpha, a, offA, lda, bt, 0, n, beta, c, offC, ldc);
        } finally {
            Scratch.give(Scratch.Slot.GEMM_B, bt);
        }
    }

    /** B is k×n here (row p at offB + p·ldb): each row of C accumulates broadcast-A times rows of B. */
    private static void rows(boolean transA, int m, int n, int k, float alpha, float[] a, int offA, int lda,
                             float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc) {
        // Step through A along p: the row stride for A, the element stride for Aᵀ.
        int aRow = transA ? 1 : lda;
        int aStep = transA ? lda : 1;
        for (int i = 0; i < m; i++) {
            int ci = offC + i * ldc;
            Rows.scale(c, ci, n, beta);
            int ai = offA + i * aRow;
            int p = 0;
            for (; p + 4 <= k; p += 4) {
                int ap = ai + p * aStep;
                float s0 = alpha * a[ap];
                float s1 = alpha * a[ap + aStep];
                float s2 = alpha * a[ap + 2 * aStep];
                float s3 = alpha * a[ap + 3 * aStep];
                int b0 = offB + p * ldb;
                fma4(c, ci, n, s0, s1, s2, s3, b, b0, ldb);
            }
            for (; p < k; p++) {
                float s = alpha * a[ai + p * aStep];
                fma1(c, ci, n, s, b, offB + p * ldb);
            }
        }
    }

    /** c[ci..ci+n) += s0·b[b0..] + s1·b[b0+ldb..] + s2·b[b0+2ldb..] + s3·b[b0+3ldb..]. */
    private static void fma4(float[] c, int ci, int n, float s0, float s1, float s2, float s3,
                             float[] b, int b0, int ldb) {
        int b1 = b0 + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        FloatVector v0 = FloatVector.broadcast(F, s0);
        FloatVector v1 = FloatVector.broadcast(F, s1);
        FloatVector v2 = FloatVector.broadcast(F, s2);
        FloatVector v3 = FloatVector.broadcast(F, s3);
        int j = 0;
        for (int upper = F.loopBound(n); j < upper; j += F.length()) {
            FloatVector acc = FloatVector.fromArray(F, c, ci + j);
            acc = FloatVector.fromArray(F, b, b0 + j).fma(v0, acc);
            acc = FloatVector.fromArray(F, b, b1 + j).fma(v1, acc);
            acc = FloatVector.fromArray(F, b, b2 + j).fma(v2, acc);
            acc = FloatVector.fromArray(F, b, b3 + j).fma(v3, acc);
            acc.intoArray(c, ci + j);
        }
        for (; j < n; j++) {
            float acc = c[ci + j];
            acc = Math.fma(s0, b[b0 + j], acc);
            acc = Math.fma(s1, b[b1 + j], acc);
            acc = Math.fma(s2, b[b2 + j], acc);
            acc = Math.fma(s3, b[b3 + j], acc);
            c[ci + j] = acc;
        }
    }

    private static void fma1(float[] c, int ci, int n, float s, float[] b, int b0) {
        FloatVector v = FloatVector.broadcast(F, s);
        int j = 0;
        for (int upper = F.loopBound(n); j < upper; j += F.length()) {
            FloatVector.fromArray(F, b, b0 + j).fma(v, FloatVector.fromArray(F, c, ci + j)).intoArray(c, ci + j);
        }
        for (; j < n; j++) {
            c[ci + j] = Math.fma(s, b[b0 + j], c[ci + j]);
        }
    }
}
