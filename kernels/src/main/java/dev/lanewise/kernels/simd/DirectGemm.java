package dev.lanewise.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM with the 6 × 2-vector register tile reading its operands in place, no packing: per tile, op(A)'s six rows
 * are broadcast one element at a time (row stride lda, or 1 for Aᵀ) and B's rows loaded two vectors at a time
 * (stride ldb). Worth it while B stays in the L2 cache, which is when {@link VectorGemm#choose} picks it: packing
 * the panels costs more than the contiguous reads save. Rows beyond the last full tile and columns beyond the last
 * full pair of vectors are the last tile's computed again into a scratch tile, only the leftover ones stored. When
 * op(B) = Bᵀ, B is first transposed into a scratch buffer (as AxpyGemm does).
 */
final class DirectGemm {
    private static final VectorSpecies<Float> F = Lanes.F;
    private static final int L = F.length();
    static final int MR = 6;

    private DirectGemm() {
    }

    static void sgemm(int threads, boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a,
                      int offA, int lda, float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc) {
        if (!transB) {
            product(threads, transA, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
            return;
        }
        float[] bt = Scratch.take(Scratch.Slot.GEMM_B, (long) k * n);
        try {
            Transpose.into(b, offB, ldb, n, k, bt);
            product(threads, transA, m, n, k, alpha, a, offA, lda, bt, 0, n, beta, c, offC, ldc);
        } finally {
            Scratch.give(Scratch.Slot.GEMM_B, bt);
        }
    }

    /**
     * B is k×n here, row p at offB + p·ldb. Full 6 × 2L tiles straight into C; the rows beyond the last full tile are
     * the last six rows computed again, and likewise the columns (the last 2L columns), into a scratch tile of which
     * only the leftover rows and columns are stored, so every element is one tile's sum — whichever part of C a
     * thread takes, the same bits. From the packed strategy's parallel threshold on, C is split into row or column
     * blocks of whole tiles for up to {@code threads} threads. A product under one tile runs AxpyGemm.
     */
    private static void product(int threads, boolean transA, int m, int n, int k, float alpha, float[] a, int offA,
                                int lda, float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc) {
        if (m < MR || n < 2 * L) {
            AxpyGemm.sgemm(transA, false, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
            return;
        }
        int rowTiles = (m + MR - 1) / MR, colBlocks = (n + 2 * L - 1) / (2 * L);
        // Column blocks for the threads: each reads all of A (which fits L2) and its own share of B. Row blocks
        // (each thread reading all of B) measured slower — 256x784x300 on 2 threads 753 vs 579 us — and serve
        // only when there are too few column blocks to balance.
        boolean splitRows = colBlocks < 2 * threads && rowTiles > colBlocks;
        int units = splitRows ? rowTiles : colBlocks, unit = splitRows ? MR : 2 * L, extent = splitRows ? m : n;
        int parts = (long) m * n * k < PackedGemm.PARALLEL_THRESHOLD ? 1 : Math.min(threads, units);
        if (parts <= 1) {
            region(transA, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc, 0, m, 0, n);
            return;
        }
        ParallelParts.run(parts, t -> {
            int from = (int) ((long) units * t / parts) * unit;
            int to = Math.min(extent, (int) ((long) units * (t + 1) / parts) * unit);
            if (splitRows) {
                region(transA, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc, from, to, 0, n);
            } else {
                region(transA, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc, 0, m, from, to);
            }
        });
    }

    /** The tiles of rows [i0, i1) and columns [j0, j1) of C, the bounds on whole tiles or at m and n. */
    private static void region(boolean transA, int m, int n, int k, float alpha, float[] a, int offA, int lda,
                               float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc,
                               int i0, int i1, int j0, int j1) {
        int aRow = transA ? 1 : lda;    // from one row of op(A) to the next
        int aStep = transA ? lda : 1;   // from one p to the next along a row
        boolean edges = (i1 == m && m % MR != 0) || (j1 == n && n % (2 * L) != 0);   // a tile through scratch
        float[] scratch = edges ? Scratch.take(Scratch.Slot.GEMM_TILE, MR * 2L * L) : null;
        try {
            for (int j = j0; j < j1; j += 2 * L) {
                int left = Math.min(j, n - 2 * L);   // the block's first column: the last 2L once fewer remain
                tiles(k, a, offA, aRow, aStep, b, offB + left, ldb, alpha, beta, c, offC + left, ldc, m, i0, i1,
                        j - left, scratch);
            }
        } finally {
            if (edges) {
                Scratch.give(Scratch.Slot.GEMM_TILE, scratch);
            }
        }
    }

    /**
     * Rows [i0, i1) of one column block of 2L: full tiles straight into C, the last rows (the matrix's last six,
     * when fewer remain) and a block with skipped columns through the scratch tile, storing only the rows from i
     * and the columns from skipCols.
     */
    private static void tiles(int k, float[] a, int offA, int aRow, int aStep, float[] b, int b0, int ldb,
                              float alpha, float beta, float[] c, int c0, int ldc, int m, int i0, int i1,
                              int skipCols, float[] scratch) {
        for (int i = i0; i < i1; i += MR) {
            int top = Math.min(i, m - MR);   // the tile's first row: the last six rows once fewer than six remain
            if (top == i && skipCols == 0) {
                tile(k, a, offA + i * aRow, aRow, aStep, b, b0, ldb, alpha, beta, c, c0 + i * ldc, ldc);
            } else {
                tile(k, a, offA + top * aRow, aRow, aStep, b, b0, ldb, 1f, 0f, scratch, 0, 2 * L);
                merge(scratch, i - top, skipCols, alpha, beta, c, c0 + top * ldc, ldc);
            }
        }
    }

    /**
     * One 6 × 2L tile of C: acc = Σ_p op(A)[r, p]·B[p, :], then C = alpha·acc + beta·C (beta 0: C not read). Kept to
     * the plain loop and unmasked stores: with the edge masks in it too, its bytecode was too much for C1 (tier 3
     * gave up, "out of virtual registers"), and in some runs the method then stayed in unprofiled C1 code, boxing
     * every vector, for the whole job.
     */
    private static void tile(int k, float[] a, int a0, int aRow, int aStep, float[] b, int b0, int ldb,
                             float alpha, float beta, float[] c, int c0, int ldc) {
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
        int o1 = c0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc, o4 = o3 + ldc, o5 = o4 + ldc;
        if (beta == 0f) {
            c00.mul(alpha).intoArray(c, c0);
            c01.mul(alpha).intoArray(c, c0 + L);
            c10.mul(alpha).intoArray(c, o1);
            c11.mul(alpha).intoArray(c, o1 + L);
            c20.mul(alpha).intoArray(c, o2);
            c21.mul(alpha).intoArray(c, o2 + L);
            c30.mul(alpha).intoArray(c, o3);
            c31.mul(alpha).intoArray(c, o3 + L);
            c40.mul(alpha).intoArray(c, o4);
            c41.mul(alpha).intoArray(c, o4 + L);
            c50.mul(alpha).intoArray(c, o5);
            c51.mul(alpha).intoArray(c, o5 + L);
        } else {
            FloatVector al = FloatVector.broadcast(F, alpha);
            c00.fma(al, FloatVector.fromArray(F, c, c0).mul(beta)).intoArray(c, c0);
            c01.fma(al, FloatVector.fromArray(F, c, c0 + L).mul(beta)).intoArray(c, c0 + L);
            c10.fma(al, FloatVector.fromArray(F, c, o1).mul(beta)).intoArray(c, o1);
            c11.fma(al, FloatVector.fromArray(F, c, o1 + L).mul(beta)).intoArray(c, o1 + L);
            c20.fma(al, FloatVector.fromArray(F, c, o2).mul(beta)).intoArray(c, o2);
            c21.fma(al, FloatVector.fromArray(F, c, o2 + L).mul(beta)).intoArray(c, o2 + L);
            c30.fma(al, FloatVector.fromArray(F, c, o3).mul(beta)).intoArray(c, o3);
            c31.fma(al, FloatVector.fromArray(F, c, o3 + L).mul(beta)).intoArray(c, o3 + L);
            c40.fma(al, FloatVector.fromArray(F, c, o4).mul(beta)).intoArray(c, o4);
            c41.fma(al, FloatVector.fromArray(F, c, o4 + L).mul(beta)).intoArray(c, o4 + L);
            c50.fma(al, FloatVector.fromArray(F, c, o5).mul(beta)).intoArray(c, o5);
            c51.fma(al, FloatVector.fromArray(F, c, o5 + L).mul(beta)).intoArray(c, o5 + L);
        }
    }

    /**
     * C = alpha·scratch + beta·C for the scratch tile's rows from skipRows and columns from skipCols (beta 0: C not
     * read) — the same rounding as tile's own stores, so an edge element has the bits a full tile would give it.
     */
    private static void merge(float[] scratch, int skipRows, int skipCols, float alpha, float beta, float[] c, int c0,
                              int ldc) {
        // Lane j of the first vector is column j, of the second column L + j: stored when the column is >= skipCols.
        VectorMask<Float> m0 = F.indexInRange(-skipCols, L), m1 = F.indexInRange(L - skipCols, 2 * L);
        FloatVector al = FloatVector.broadcast(F, alpha);
        for (int r = skipRows; r < MR; r++) {
            int t = r * 2 * L, o = c0 + r * ldc;
            FloatVector v0 = FloatVector.fromArray(F, scratch, t), v1 = FloatVector.fromArray(F, scratch, t + L);
            if (beta == 0f) {
                v0.mul(alpha).intoArray(c, o, m0);
                v1.mul(alpha).intoArray(c, o + L, m1);
            } else {
                v0.fma(al, FloatVector.fromArray(F, c, o, m0).mul(beta)).intoArray(c, o, m0);
                v1.fma(al, FloatVector.fromArray(F, c, o + L, m1).mul(beta)).intoArray(c, o + L, m1);
            }
        }
    }
}
