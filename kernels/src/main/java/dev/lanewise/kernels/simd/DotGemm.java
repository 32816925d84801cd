package dev.lanewise.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM as dot products: {@code C[i,j] = alpha·⟨op(A)[i,:], op(B)[:,j]⟩ + beta·C[i,j]}, four j at a time so
 * each vector of A's row is loaded once per four FMAs. Needs op(A)'s rows and op(B)'s columns contiguous
 * along k: that is A and Bᵀ as given; otherwise the operand is transposed into this thread's scratch first.
 */
public final class DotGemm {
    private static final VectorSpecies<Float> F = Lanes.F;

    private DotGemm() {
    }

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
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
            dots(m, n, k, alpha, at != null ? at : a, at != null ? 0 : offA, at != null ? k : lda,
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
    private static void dots(int m, int n, int k, float alpha, float[] a, int offA, int lda,
                             float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc) {
        for (int i = 0; i < m; i++) {
            int ai = offA + i * lda;
            int ci = offC + i * ldc;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                dot4(a, ai, b, offB + j * ldb, ldb, k, alpha, beta, c, ci + j);
            }
            for (; j < n; j++) {
                float dot = dot(a, ai, b, offB + j * ldb, k);
                c[ci + j] = beta == 0f ? alpha * dot : alpha * dot + beta * c[ci + j];
            }
        }
    }

    /** Four dot products of one A row with four consecutive op(B) columns, written to c[cj..cj+4). */
    private static void dot4(float[] a, int ai, float[] b, int b0, int ldb, int k,
                             float alpha, float beta, float[] c, int cj) {
        int b1 = b0 + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = FloatVector.zero(F);
        FloatVector acc3 = FloatVector.zero(F);
        int p = 0;
        for (int upper = F.loopBound(k); p < upper; p += F.length()) {
            FloatVector av = FloatVector.fromArray(F, a, ai + p);
            acc0 = av.fma(FloatVector.fromArray(F, b, b0 + p), acc0);
            acc1 = av.fma(FloatVector.fromArray(F, b, b1 + p), acc1);
            acc2 = av.fma(FloatVector.fromArray(F, b, b2 + p), acc2);
            acc3 = av.fma(FloatVector.fromArray(F, b, b3 + p), acc3);
        }
        float d0 = VectorMath.sum(acc0);
        float d1 = VectorMath.sum(acc1);
        float d2 = VectorMath.sum(acc2);
        float d3 = VectorMath.sum(acc3);
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
