package dev.lanewise.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM with the 6 × 2-vector register tile reading its operands in place, no packing: per tile, op(A)'s six rows
 * are broadcast one element at a time (row stride lda, or 1 for Aᵀ) and B's rows loaded two vectors at a time
 * (stride ldb). Worth it while B stays in the L2 cache, which is when {@link VectorGemm#choose} picks it: packing
 * the panels costs more than the contiguous reads save. Rows beyond the last full tile and columns beyond the last
 * full pair of vectors are the last tile's computed again, only the leftover ones stored. When op(B) = Bᵀ, B is first transposed into this thread's scratch
 * buffer (as AxpyGemm does). One thread.
 */
final class DirectGemm {
    private static final VectorSpecies<Float> F = Lanes.F;
    private static final int L = F.length();
    static final int MR = 6;

    private DirectGemm() {
    }

    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int offA, int lda,
                      float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc) {
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

    /**
     * B is k×n here, row p at offB + p·ldb. Full 6 × 2L tiles first; the rows beyond the last full tile are the last
     * six rows computed again with only the leftover rows stored, and likewise the columns (the last 2L columns, only
     * the leftover ones stored), so every element is one tile's sum. A product under one tile runs AxpyGemm.
     */
    private static void rows(boolean transA, int m, int n, int k, float alpha, float[] a, int offA, int lda,
                             float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc) {
        if (m < MR || n < 2 * L) {
            AxpyGemm.sgemm(transA, false, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
            return;
        }
        int aRow = transA ? 1 : lda;    // from one row of op(A) to the next
        int aStep = transA ? lda : 1;   // from one p to the next along a row
        int mFull = m - m % MR, nFull = n - n % (2 * L);
        for (int j = 0; j <= n - 2 * L; j += 2 * L) {
            tiles(k, a, offA, aRow, aStep, b, offB + j, ldb, alpha, beta, c, offC + j, ldc, m, mFull, 0);
        }
        if (nFull < n) {
            int j = n - 2 * L;
            tiles(k, a, offA, aRow, aStep, b, offB + j, ldb, alpha, beta, c, offC + j, ldc, m, mFull, nFull - j);
        }
    }

    /** One column block of 2L: the full row tiles, then the leftover rows; columns before skipCols not stored. */
    private static void tiles(int k, float[] a, int offA, int aRow, int aStep, float[] b, int b0, int ldb,
                              float alpha, float beta, float[] c, int c0, int ldc, int m, int mFull, int skipCols) {
        for (int i = 0; i < mFull; i += MR) {
            tile(k, a, offA + i * aRow, aRow, aStep, b, b0, ldb, alpha, beta, c, c0 + i * ldc, ldc, 0, skipCols);
        }
        if (mFull < m) {
            int i = m - MR;
            tile(k, a, offA + i * aRow, aRow, aStep, b, b0, ldb, alpha, beta, c, c0 + i * ldc, ldc, mFull - i,
                    skipCols);
        }
    }

    /**
     * One 6 × 2L tile of C: acc = Σ_p op(A)[r, p]·B[p, :], then C = alpha·acc + beta·C (beta 0: C not read), stored
     * for rows from skipRows and columns from skipCols only.
     */
    private static void tile(int k, float[] a, int a0, int aRow, int aStep, float[] b, int b0, int ldb,
                             float alpha, float beta, float[] c, int c0, int ldc, int skipRows, int skipCols) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F), c41 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F), c51 = FloatVector.zero(F);
        int r1 = a0 + aRow, r2 = r1 + aRow, r3 = r2 + aRow, r4 = r3 + aRow, r5 = r4 + aRow;
        for (int p = 0, ap = 0, bo = b0; p < k; p++, ap += aStep, bo += ldb) {
            FloatVector bv0 = FloatVector.fromArray(F, b, bo);
            FloatVector bv1 = FloatVector.fromArray(F, b, bo + L);
            FloatVector av = FloatVector.broadcast(F, a[a0 + ap]);
            c00 = bv0.fma(av, c00);
            c01 = bv1.fma(av, c01);
            av = FloatVector.broadcast(F, a[r1 + ap]);
            c10 = bv0.fma(av, c10);
            c11 = bv1.fma(av, c11);
            av = FloatVector.broadcast(F, a[r2 + ap]);
            c20 = bv0.fma(av, c20);
            c21 = bv1.fma(av, c21);
            av = FloatVector.broadcast(F, a[r3 + ap]);
            c30 = bv0.fma(av, c30);
            c31 = bv1.fma(av, c31);
            av = FloatVector.broadcast(F, a[r4 + ap]);
            c40 = bv0.fma(av, c40);
            c41 = bv1.fma(av, c41);
            av = FloatVector.broadcast(F, a[r5 + ap]);
            c50 = bv0.fma(av, c50);
            c51 = bv1.fma(av, c51);
        }
        // Stores written out here, not in a helper: a vector passed to a call that is not inlined is boxed.
        // Lane j of the first vector is column j, of the second column L + j: stored when the column is >= skipCols.
        VectorMask<Float> m0 = F.indexInRange(-skipCols, L), m1 = F.indexInRange(L - skipCols, 2 * L);
        int o1 = c0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc, o4 = o3 + ldc, o5 = o4 + ldc;
        if (beta == 0f) {
            if (skipRows <= 0) {
                c00.mul(alpha).intoArray(c, c0, m0);
                c01.mul(alpha).intoArray(c, c0 + L, m1);
            }
            if (skipRows <= 1) {
                c10.mul(alpha).intoArray(c, o1, m0);
                c11.mul(alpha).intoArray(c, o1 + L, m1);
            }
            if (skipRows <= 2) {
                c20.mul(alpha).intoArray(c, o2, m0);
                c21.mul(alpha).intoArray(c, o2 + L, m1);
            }
            if (skipRows <= 3) {
                c30.mul(alpha).intoArray(c, o3, m0);
                c31.mul(alpha).intoArray(c, o3 + L, m1);
            }
            if (skipRows <= 4) {
                c40.mul(alpha).intoArray(c, o4, m0);
                c41.mul(alpha).intoArray(c, o4 + L, m1);
            }
            c50.mul(alpha).intoArray(c, o5, m0);
            c51.mul(alpha).intoArray(c, o5 + L, m1);
        } else {
            FloatVector al = FloatVector.broadcast(F, alpha);
            if (skipRows <= 0) {
                c00.fma(al, FloatVector.fromArray(F, c, c0, m0).mul(beta)).intoArray(c, c0, m0);
                c01.fma(al, FloatVector.fromArray(F, c, c0 + L, m1).mul(beta)).intoArray(c, c0 + L, m1);
            }
            if (skipRows <= 1) {
                c10.fma(al, FloatVector.fromArray(F, c, o1, m0).mul(beta)).intoArray(c, o1, m0);
                c11.fma(al, FloatVector.fromArray(F, c, o1 + L, m1).mul(beta)).intoArray(c, o1 + L, m1);
            }
            if (skipRows <= 2) {
                c20.fma(al, FloatVector.fromArray(F, c, o2, m0).mul(beta)).intoArray(c, o2, m0);
                c21.fma(al, FloatVector.fromArray(F, c, o2 + L, m1).mul(beta)).intoArray(c, o2 + L, m1);
            }
            if (skipRows <= 3) {
                c30.fma(al, FloatVector.fromArray(F, c, o3, m0).mul(beta)).intoArray(c, o3, m0);
                c31.fma(al, FloatVector.fromArray(F, c, o3 + L, m1).mul(beta)).intoArray(c, o3 + L, m1);
            }
            if (skipRows <= 4) {
                c40.fma(al, FloatVector.fromArray(F, c, o4, m0).mul(beta)).intoArray(c, o4, m0);
                c41.fma(al, FloatVector.fromArray(F, c, o4 + L, m1).mul(beta)).intoArray(c, o4 + L, m1);
            }
            c50.fma(al, FloatVector.fromArray(F, c, o5, m0).mul(beta)).intoArray(c, o5, m0);
            c51.fma(al, FloatVector.fromArray(F, c, o5 + L, m1).mul(beta)).intoArray(c, o5 + L, m1);
        }
    }
}
