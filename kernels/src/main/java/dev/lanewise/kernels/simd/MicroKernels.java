package dev.lanewise.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled micro-kernels of the packed GEMM (BLIS's ukernel): for one MR-row panel of packed A
 * ({@code ap[a0 + p·MR + r]}) and one NR-column panel of packed B ({@code bp[b0 + p·NR + j]}), accumulate the
 * MR×NR tile of A·B over p = 0..kc−1 in vector registers, then write {@code C = alpha·AB + beta·C} once
 * ({@code beta == 0} never reads C). One form serves every transpose: the packing absorbed them. Each kernel is
 * unrolled by hand (generated once, then maintained as plain code) so the JIT keeps every accumulator in a
 * register; nothing vector-typed crosses a call, which would box it.
 */
final class MicroKernels {
    private static final VectorSpecies<Float> F = Lanes.F;
    private static final int L = Lanes.L;

    private MicroKernels() {
    }

    // Bound to their tiles by MicroKernel, the one place that lists them.

    /** 6 rows × 2 vectors: 12 accumulators held in registers across the whole k loop. */
    static void kernel6x2(int kc, float[] ap, int a0, float[] bp, int b0,
                       float alpha, float beta, float[] c, int c0, int ldc) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F), c41 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F), c51 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int bo = b0 + p * (2 * L);
            int ao = a0 + p * 6;
            FloatVector bv0 = FloatVector.fromArray(F, bp, bo);
            FloatVector bv1 = FloatVector.fromArray(F, bp, bo + L);
            FloatVector av0 = FloatVector.broadcast(F, ap[ao]);
            c00 = bv0.fma(av0, c00);
            c01 = bv1.fma(av0, c01);
            FloatVector av1 = FloatVector.broadcast(F, ap[ao + 1]);
            c10 = bv0.fma(av1, c10);
            c11 = bv1.fma(av1, c11);
            FloatVector av2 = FloatVector.broadcast(F, ap[ao + 2]);
            c20 = bv0.fma(av2, c20);
            c21 = bv1.fma(av2, c21);
            FloatVector av3 = FloatVector.broadcast(F, ap[ao + 3]);
            c30 = bv0.fma(av3, c30);
            c31 = bv1.fma(av3, c31);
            FloatVector av4 = FloatVector.broadcast(F, ap[ao + 4]);
            c40 = bv0.fma(av4, c40);
            c41 = bv1.fma(av4, c41);
            FloatVector av5 = FloatVector.broadcast(F, ap[ao + 5]);
            c50 = bv0.fma(av5, c50);
            c51 = bv1.fma(av5, c51);
        }
        // Stores written out here, not in a helper: a vector passed to a call that is not inlined is boxed.
        if (beta == 0f) {
            c00.mul(alpha).intoArray(c, c0);
            c01.mul(alpha).intoArray(c, c0 + L);
            c10.mul(alpha).intoArray(c, c0 + ldc);
            c11.mul(alpha).intoArray(c, c0 + ldc + L);
            c20.mul(alpha).intoArray(c, c0 + 2 * ldc);
            c21.mul(alpha).intoArray(c, c0 + 2 * ldc + L);
            c30.mul(alpha).intoArray(c, c0 + 3 * ldc);
            c31.mul(alpha).intoArray(c, c0 + 3 * ldc + L);
            c40.mul(alpha).intoArray(c, c0 + 4 * ldc);
            c41.mul(alpha).intoArray(c, c0 + 4 * ldc + L);
            c50.mul(alpha).intoArray(c, c0 + 5 * ldc);
            c51.mul(alpha).intoArray(c, c0 + 5 * ldc + L);
        } else {
            FloatVector av = FloatVector.broadcast(F, alpha);
            c00.fma(av, FloatVector.fromArray(F, c, c0).mul(beta)).intoArray(c, c0);
            c01.fma(av, FloatVector.fromArray(F, c, c0 + L).mul(beta)).intoArray(c, c0 + L);
            c10.fma(av, FloatVector.fromArray(F, c, c0 + ldc).mul(beta)).intoArray(c, c0 + ldc);
            c11.fma(av, FloatVector.fromArray(F, c, c0 + ldc + L).mul(beta)).intoArray(c, c0 + ldc + L);
            c20.fma(av, FloatVector.fromArray(F, c, c0 + 2 * ldc).mul(beta)).intoArray(c, c0 + 2 * ldc);
            c21.fma(av, FloatVector.fromArray(F, c, c0 + 2 * ldc + L).mul(beta)).intoArray(c, c0 + 2 * ldc + L);
            c30.fma(av, FloatVector.fromArray(F, c, c0 + 3 * ldc).mul(beta)).intoArray(c, c0 + 3 * ldc);
            c31.fma(av, FloatVector.fromArray(F, c, c0 + 3 * ldc + L).mul(beta)).intoArray(c, c0 + 3 * ldc + L);
            c40.fma(av, FloatVector.fromArray(F, c, c0 + 4 * ldc).mul(beta)).intoArray(c, c0 + 4 * ldc);
            c41.fma(av, FloatVector.fromArray(F, c, c0 + 4 * ldc + L).mul(beta)).intoArray(c, c0 + 4 * ldc + L);
            c50.fma(av, FloatVector.fromArray(F, c, c0 + 5 * ldc).mul(beta)).intoArray(c, c0 + 5 * ldc);
            c51.fma(av, FloatVector.fromArray(F, c, c0 + 5 * ldc + L).mul(beta)).intoArray(c, c0 + 5 * ldc + L);
        }
    }

    /** 8 rows × 2 vectors: 16 accumulators held in registers across the whole k loop. */
    static void kernel8x2(int kc, float[] ap, int a0, float[] bp, int b0,
                       float alpha, float beta, float[] c, int c0, int ldc) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F), c41 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F), c51 = FloatVector.zero(F);
        FloatVector c60 = FloatVector.zero(F), c61 = FloatVector.zero(F);
        FloatVector c70 = FloatVector.zero(F), c71 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int bo = b0 + p * (2 * L);
            int ao = a0 + p * 8;
            FloatVector bv0 = FloatVector.fromArray(F, bp, bo);
            FloatVector bv1 = FloatVector.fromArray(F, bp, bo + L);
            FloatVector av0 = FloatVector.broadcast(F, ap[ao]);
            c00 = bv0.fma(av0, c00);
            c01 = bv1.fma(av0, c01);
            FloatVector av1 = FloatVector.broadcast(F, ap[ao + 1]);
            c10 = bv0.fma(av1, c10);
            c11 = bv1.fma(av1, c11);
            FloatVector av2 = FloatVector.broadcast(F, ap[ao + 2]);
            c20 = bv0.fma(av2, c20);
            c21 = bv1.fma(av2, c21);
            FloatVector av3 = FloatVector.broadcast(F, ap[ao + 3]);
            c30 = bv0.fma(av3, c30);
            c31 = bv1.fma(av3, c31);
            FloatVector av4 = FloatVector.broadcast(F, ap[ao + 4]);
            c40 = bv0.fma(av4, c40);
            c41 = bv1.fma(av4, c41);
            FloatVector av5 = FloatVector.broadcast(F, ap[ao + 5]);
            c50 = bv0.fma(av5, c50);
            c51 = bv1.fma(av5, c51);
            FloatVector av6 = FloatVector.broadcast(F, ap[ao + 6]);
            c60 = bv0.fma(av6, c60);
            c61 = bv1.fma(av6, c61);
            FloatVector av7 = FloatVector.broadcast(F, ap[ao + 7]);
            c70 = bv0.fma(av7, c70);
            c71 = bv1.fma(av7, c71);
        }
        // Stores written out here, not in a helper: a vector passed to a call that is not inlined is boxed.
        if (beta == 0f) {
            c00.mul(alpha).intoArray(c, c0);
            c01.mul(alpha).intoArray(c, c0 + L);
            c10.mul(alpha).intoArray(c, c0 + ldc);
            c11.mul(alpha).intoArray(c, c0 + ldc + L);
            c20.mul(alpha).intoArray(c, c0 + 2 * ldc);
            c21.mul(alpha).intoArray(c, c0 + 2 * ldc + L);
            c30.mul(alpha).intoArray(c, c0 + 3 * ldc);
            c31.mul(alpha).intoArray(c, c0 + 3 * ldc + L);
            c40.mul(alpha).intoArray(c, c0 + 4 * ldc);
            c41.mul(alpha).intoArray(c, c0 + 4 * ldc + L);
            c50.mul(alpha).intoArray(c, c0 + 5 * ldc);
            c51.mul(alpha).intoArray(c, c0 + 5 * ldc + L);
            c60.mul(alpha).intoArray(c, c0 + 6 * ldc);
            c61.mul(alpha).intoArray(c, c0 + 6 * ldc + L);
            c70.mul(alpha).intoArray(c, c0 + 7 * ldc);
            c71.mul(alpha).intoArray(c, c0 + 7 * ldc + L);
        } else {
            FloatVector av = FloatVector.broadcast(F, alpha);
            c00.fma(av, FloatVector.fromArray(F, c, c0).mul(beta)).intoArray(c, c0);
            c01.fma(av, FloatVector.fromArray(F, c, c0 + L).mul(beta)).intoArray(c, c0 + L);
            c10.fma(av, FloatVector.fromArray(F, c, c0 + ldc).mul(beta)).intoArray(c, c0 + ldc);
            c11.fma(av, FloatVector.fromArray(F, c, c0 + ldc + L).mul(beta)).intoArray(c, c0 + ldc + L);
            c20.fma(av, FloatVector.fromArray(F, c, c0 + 2 * ldc).mul(beta)).intoArray(c, c0 + 2 * ldc);
            c21.fma(av, FloatVector.fromArray(F, c, c0 + 2 * ldc + L).mul(beta)).intoArray(c, c0 + 2 * ldc + L);
            c30.fma(av, FloatVector.fromArray(F, c, c0 + 3 * ldc).mul(beta)).intoArray(c, c0 + 3 * ldc);
            c31.fma(av, FloatVector.fromArray(F, c, c0 + 3 * ldc + L).mul(beta)).intoArray(c, c0 + 3 * ldc + L);
            c40.fma(av, FloatVector.fromArray(F, c, c0 + 4 * ldc).mul(beta)).intoArray(c, c0 + 4 * ldc);
            c41.fma(av, FloatVector.fromArray(F, c, c0 + 4 * ldc + L).mul(beta)).intoArray(c, c0 + 4 * ldc + L);
            c50.fma(av, FloatVector.fromArray(F, c, c0 + 5 * ldc).mul(beta)).intoArray(c, c0 + 5 * ldc);
            c51.fma(av, FloatVector.fromArray(F, c, c0 + 5 * ldc + L).mul(beta)).intoArray(c, c0 + 5 * ldc + L);
            c60.fma(av, FloatVector.fromArray(F, c, c0 + 6 * ldc).mul(beta)).intoArray(c, c0 + 6 * ldc);
            c61.fma(av, FloatVector.fromArray(F, c, c0 + 6 * ldc + L).mul(beta)).intoArray(c, c0 + 6 * ldc + L);
            c70.fma(av, FloatVector.fromArray(F, c, c0 + 7 * ldc).mul(beta)).intoArray(c, c0 + 7 * ldc);
            c71.fma(av, FloatVector.fromArray(F, c, c0 + 7 * ldc + L).mul(beta)).intoArray(c, c0 + 7 * ldc + L);
        }
    }

    /** 4 rows × 3 vectors: 12 accumulators held in registers across the whole k loop. */
    static void kernel4x3(int kc, float[] ap, int a0, float[] bp, int b0,
                       float alpha, float beta, float[] c, int c0, int ldc) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F), c02 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F), c12 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F), c22 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F), c32 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int bo = b0 + p * (3 * L);
            int ao = a0 + p * 4;
            FloatVector bv0 = FloatVector.fromArray(F, bp, bo);
            FloatVector bv1 = FloatVector.fromArray(F, bp, bo + L);
            FloatVector bv2 = FloatVector.fromArray(F, bp, bo + 2 * L);
            FloatVector av0 = FloatVector.broadcast(F, ap[ao]);
            c00 = bv0.fma(av0, c00);
            c01 = bv1.fma(av0, c01);
            c02 = bv2.fma(av0, c02);
            FloatVector av1 = FloatVector.broadcast(F, ap[ao + 1]);
            c10 = bv0.fma(av1, c10);
            c11 = bv1.fma(av1, c11);
            c12 = bv2.fma(av1, c12);
            FloatVector av2 = FloatVector.broadcast(F, ap[ao + 2]);
            c20 = bv0.fma(av2, c20);
            c21 = bv1.fma(av2, c21);
            c22 = bv2.fma(av2, c22);
            FloatVector av3 = FloatVector.broadcast(F, ap[ao + 3]);
            c30 = bv0.fma(av3, c30);
            c31 = bv1.fma(av3, c31);
            c32 = bv2.fma(av3, c32);
        }
        // Stores written out here, not in a helper: a vector passed to a call that is not inlined is boxed.
        if (beta == 0f) {
            c00.mul(alpha).intoArray(c, c0);
            c01.mul(alpha).intoArray(c, c0 + L);
            c02.mul(alpha).intoArray(c, c0 + 2 * L);
            c10.mul(alpha).intoArray(c, c0 + ldc);
            c11.mul(alpha).intoArray(c, c0 + ldc + L);
            c12.mul(alpha).intoArray(c, c0 + ldc + 2 * L);
            c20.mul(alpha).intoArray(c, c0 + 2 * ldc);
            c21.mul(alpha).intoArray(c, c0 + 2 * ldc + L);
            c22.mul(alpha).intoArray(c, c0 + 2 * ldc + 2 * L);
            c30.mul(alpha).intoArray(c, c0 + 3 * ldc);
            c31.mul(alpha).intoArray(c, c0 + 3 * ldc + L);
            c32.mul(alpha).intoArray(c, c0 + 3 * ldc + 2 * L);
        } else {
            FloatVector av = FloatVector.broadcast(F, alpha);
            c00.fma(av, FloatVector.fromArray(F, c, c0).mul(beta)).intoArray(c, c0);
            c01.fma(av, FloatVector.fromArray(F, c, c0 + L).mul(beta)).intoArray(c, c0 + L);
            c02.fma(av, FloatVector.fromArray(F, c, c0 + 2 * L).mul(beta)).intoArray(c, c0 + 2 * L);
            c10.fma(av, FloatVector.fromArray(F, c, c0 + ldc).mul(beta)).intoArray(c, c0 + ldc);
            c11.fma(av, FloatVector.fromArray(F, c, c0 + ldc + L).mul(beta)).intoArray(c, c0 + ldc + L);
            c12.fma(av, FloatVector.fromArray(F, c, c0 + ldc + 2 * L).mul(beta)).intoArray(c, c0 + ldc + 2 * L);
            c20.fma(av, FloatVector.fromArray(F, c, c0 + 2 * ldc).mul(beta)).intoArray(c, c0 + 2 * ldc);
            c21.fma(av, FloatVector.fromArray(F, c, c0 + 2 * ldc + L).mul(beta)).intoArray(c, c0 + 2 * ldc + L);
            c22.fma(av, FloatVector.fromArray(F, c, c0 + 2 * ldc + 2 * L).mul(beta)).intoArray(c, c0 + 2 * ldc + 2 * L);
            c30.fma(av, FloatVector.fromArray(F, c, c0 + 3 * ldc).mul(beta)).intoArray(c, c0 + 3 * ldc);
            c31.fma(av, FloatVector.fromArray(F, c, c0 + 3 * ldc + L).mul(beta)).intoArray(c, c0 + 3 * ldc + L);
            c32.fma(av, FloatVector.fromArray(F, c, c0 + 3 * ldc + 2 * L).mul(beta)).intoArray(c, c0 + 3 * ldc + 2 * L);
        }
    }
}
