package dev.lanewise.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM as dot products: {@code C[i,j] = alpha·⟨op(A)[i,:], op(B)[:,j]⟩ + beta·C[i,j]}. Needs op(A)'s rows and
 * op(B)'s columns contiguous along k: that is A and Bᵀ as given (x·Wᵀ, a layer's forward product); otherwise the
 * operand is transposed into this thread's scratch first. Tiles of 4 rows × 4 columns of C keep 16 vector
 * accumulators, so each vector load feeds four FMAs and neither operand is ever packed; leftover rows take four
 * columns at a time, leftover columns one. Every element is one vector chain over k, the lanes summed in
 * {@link VectorMath#sum}'s fixed order, then the scalar tail — the same bits from every path, whichever columns a
 * thread takes. From the packed strategy's parallel threshold on, up to {@code threads} threads take column blocks.
 */
public final class DotGemm {
    private static final VectorSpecies<Float> F = Lanes.F;

    private DotGemm() {
    }

    public static void sgemm(int threads, boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int offA, int lda,
                             float[] b, int offB, int ldb,
                             float beta, float[] c, int offC, int ldc) {
        float[] at = transA ? Scratch.take(Scratch.Slot.GEMM_A, (long) m * k) : null;
        float[] bt = transB ? null : Scratch.take(Scratch.Slot.GEMM_B, (long) k * n);
        try {
            if (at != null) {
                Transpose.into(a, offA, lda, k, m, at);
            }
            if (bt != null) {
                Transpose.into(b, offB, ldb, k, n, bt);
            }
            product(threads, m, n, k, alpha, at != null ? at : a, at != null ? 0 : offA, at != null ? k : lda,
                    bt != null ? bt : b, bt != null ? 0 : offB, bt != null ? k : ldb, beta, c, offC, ldc);
        } finally {
            if (bt != null) {
                Scratch.give(Scratch.Slot.GEMM_B, bt);
            }
            if (at != null) {
                Scratch.give(Scratch.Slot.GEMM_A, at);
            }
        }
    }

    /** A is m×k (row i at offA + i·lda) and B holds op(B)ᵀ as n×k (column j of op(B) at offB + j·ldb). */
    private static void product(int threads, int m, int n, int k, float alpha, float[] a, int offA, int lda,
                                float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc) {
        int quads = (n + 3) / 4;
        int parts = (long) m * n * k < PackedGemm.PARALLEL_THRESHOLD ? 1 : Math.min(threads, quads);
        if (parts <= 1) {
            // Straight to the loops: no lambda, so a single-thread call allocates nothing.
            columns(m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc, 0, n);
            return;
        }
        // Column blocks of whole quads: each part reads all of A and its own rows of Bᵀ.
        ParallelParts.run(parts, t -> {
            int from = Math.min(n, (int) ((long) quads * t / parts) * 4);
            int to = Math.min(n, (int) ((long) quads * (t + 1) / parts) * 4);
            columns(m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc, from, to);
        });
    }

    /** Columns [j0, j1) of C (j0 a multiple of 4), with this thread's scratch for the tiles' accumulators. */
    private static void columns(int m, int n, int k, float alpha, float[] a, int offA, int lda,
                                float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc,
                                int j0, int j1) {
        if (m < 4) {
            columns(m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc, j0, j1, null);
            return;
        }
        float[] acc = Scratch.take(Scratch.Slot.GEMM_TILE, 16L * F.length());
        try {
            columns(m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc, j0, j1, acc);
        } finally {
            Scratch.give(Scratch.Slot.GEMM_TILE, acc);
        }
    }

    /**
     * Four columns of B (rows of Bᵀ, 4k floats, in L1) against all of A at a time, four rows of A per tile; {@code acc}
     * holds a tile's 16 accumulators on their way to being summed.
     */
    private static void columns(int m, int n, int k, float alpha, float[] a, int offA, int lda,
                                float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc,
                                int j0, int j1, float[] acc) {
        int j = j0;
        for (; j + 4 <= j1; j += 4) {
            int bj = offB + j * ldb;
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                tile(a, offA + i * lda, lda, b, bj, ldb, k, alpha, beta, c, offC + i * ldc + j, ldc, acc);
            }
            for (; i < m; i++) {
                dot4(a, offA + i * lda, b, bj, ldb, k, alpha, beta, c, offC + i * ldc + j);
            }
        }
        for (; j < j1; j++) {
            for (int i = 0; i < m; i++) {
                int ci = offC + i * ldc + j;
                float dot = dot(a, offA + i * lda, b, offB + j * ldb, k);
                c[ci] = beta == 0f ? alpha * dot : alpha * dot + beta * c[ci];
            }
        }
    }

    /**
     * The 4 × 4 block of C at {@code c0}: rows a0, a0 + lda, … of A against rows b0, b0 + ldb, … of Bᵀ. Per element
     * exactly {@link #dot4}'s operations. The accumulators go through {@code acc} to one transposing butterfly
     * ({@link TileSums#sums}), which leaves the sixteen lane sums there. Summing here instead takes C2 past its
     * inlining node budget (NodeCountInliningCutoff) after the loop's loads and FMAs, and the vector helpers it then
     * calls out of line box their vector arguments (1.4 MB per 64×784×300 product with sixteen separate sums); an
     * array crosses a call with nothing boxed.
     */
    private static void tile(float[] a, int a0, int lda, float[] b, int b0, int ldb, int k, float alpha, float beta,
                             float[] c, int c0, int ldc, float[] acc) {
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        int b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int p = 0;
        for (int upper = F.loopBound(k); p < upper; p += F.length()) {
            FloatVector x0 = FloatVector.fromArray(F, a, a0 + p), x1 = FloatVector.fromArray(F, a, a1 + p);
            FloatVector x2 = FloatVector.fromArray(F, a, a2 + p), x3 = FloatVector.fromArray(F, a, a3 + p);
            FloatVector w = FloatVector.fromArray(F, b, b0 + p);
            c00 = x0.fma(w, c00);
            c10 = x1.fma(w, c10);
            c20 = x2.fma(w, c20);
            c30 = x3.fma(w, c30);
            w = FloatVector.fromArray(F, b, b1 + p);
            c01 = x0.fma(w, c01);
            c11 = x1.fma(w, c11);
            c21 = x2.fma(w, c21);
            c31 = x3.fma(w, c31);
            w = FloatVector.fromArray(F, b, b2 + p);
            c02 = x0.fma(w, c02);
            c12 = x1.fma(w, c12);
            c22 = x2.fma(w, c22);
            c32 = x3.fma(w, c32);
            w = FloatVector.fromArray(F, b, b3 + p);
            c03 = x0.fma(w, c03);
            c13 = x1.fma(w, c13);
            c23 = x2.fma(w, c23);
            c33 = x3.fma(w, c33);
        }
        int l = F.length();
        c00.intoArray(acc, 0);
        c01.intoArray(acc, l);
        c02.intoArray(acc, 2 * l);
        c03.intoArray(acc, 3 * l);
        c10.intoArray(acc, 4 * l);
        c11.intoArray(acc, 5 * l);
        c12.intoArray(acc, 6 * l);
        c13.intoArray(acc, 7 * l);
        c20.intoArray(acc, 8 * l);
        c21.intoArray(acc, 9 * l);
        c22.intoArray(acc, 10 * l);
        c23.intoArray(acc, 11 * l);
        c30.intoArray(acc, 12 * l);
        c31.intoArray(acc, 13 * l);
        c32.intoArray(acc, 14 * l);
        c33.intoArray(acc, 15 * l);
        TileSums.sums(acc);
        store(acc[TileSums.at(0)], acc[TileSums.at(1)], acc[TileSums.at(2)], acc[TileSums.at(3)],
                a, a0, b, b0, ldb, p, k, alpha, beta, c, c0);
        store(acc[TileSums.at(4)], acc[TileSums.at(5)], acc[TileSums.at(6)], acc[TileSums.at(7)],
                a, a1, b, b0, ldb, p, k, alpha, beta, c, c0 + ldc);
        store(acc[TileSums.at(8)], acc[TileSums.at(9)], acc[TileSums.at(10)], acc[TileSums.at(11)],
                a, a2, b, b0, ldb, p, k, alpha, beta, c, c0 + 2 * ldc);
        store(acc[TileSums.at(12)], acc[TileSums.at(13)], acc[TileSums.at(14)], acc[TileSums.at(15)],
                a, a3, b, b0, ldb, p, k, alpha, beta, c, c0 + 3 * ldc);
    }

    /** Four dot products of one A row with four consecutive op(B) columns, written to c[cj..cj+4). */
    private static void dot4(float[] a, int ai, float[] b, int b0, int ldb, int k,
                             float alpha, float beta, float[] c, int cj) {
        int b1 = b0 + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = acc0;
        FloatVector acc2 = acc0;
        FloatVector acc3 = acc0;
        int p = 0;
        for (int upper = F.loopBound(k); p < upper; p += F.length()) {
            FloatVector av = FloatVector.fromArray(F, a, ai + p);
            acc0 = av.fma(FloatVector.fromArray(F, b, b0 + p), acc0);
            acc1 = av.fma(FloatVector.fromArray(F, b, b1 + p), acc1);
            acc2 = av.fma(FloatVector.fromArray(F, b, b2 + p), acc2);
            acc3 = av.fma(FloatVector.fromArray(F, b, b3 + p), acc3);
        }
        // Four sums fit the node budget here: no trip through memory, which cost a single sample's product ~10%.
        store(VectorMath.sum(acc0), VectorMath.sum(acc1), VectorMath.sum(acc2), VectorMath.sum(acc3),
                a, ai, b, b0, ldb, p, k, alpha, beta, c, cj);
    }

    /** Four lane sums of one row's elements at {@code c[cj..cj+4)}: the scalar tail of k from p, then alpha, beta. */
    private static void store(float d0, float d1, float d2, float d3, float[] a, int ai, float[] b, int b0, int ldb,
                              int p, int k, float alpha, float beta, float[] c, int cj) {
        int b1 = b0 + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        for (; p < k; p++) {
            float ap = a[ai + p];
            d0 = Math.fma(ap, b[b0 + p], d0);
            d1 = Math.fma(ap, b[b1 + p], d1);
            d2 = Math.fma(ap, b[b2 + p], d2);
            d3 = Math.fma(ap, b[b3 + p], d3);
        }
        if (beta == 0f) {
            c[cj] = alpha * d0;
            c[cj + 1] = alpha * d1;
            c[cj + 2] = alpha * d2;
            c[cj + 3] = alpha * d3;
        } else {
            c[cj] = alpha * d0 + beta * c[cj];
            c[cj + 1] = alpha * d1 + beta * c[cj + 1];
            c[cj + 2] = alpha * d2 + beta * c[cj + 2];
            c[cj + 3] = alpha * d3 + beta * c[cj + 3];
        }
    }

    static float dot(float[] a, int ai, float[] b, int bj, int k) {
        FloatVector acc = FloatVector.zero(F);
        int p = 0;
        for (int upper = F.loopBound(k); p < upper; p += F.length()) {
            acc = FloatVector.fromArray(F, a, ai + p).fma(FloatVector.fromArray(F, b, bj + p), acc);
        }
        float d = VectorMath.sum(acc);
        for (; p < k; p++) {
            d = Math.fma(a[ai + p], b[bj + p], d);
        }
        return d;
    }
}
