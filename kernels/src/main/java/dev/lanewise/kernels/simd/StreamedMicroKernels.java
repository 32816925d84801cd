package dev.lanewise.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernels of {@link StreamedGemm}: like {@link MicroKernels}, an MR×NR tile of A·B accumulated over
 * p = 0..kc−1 in vector registers, but the broadcast operand is read where it lies — MR rows of a row-major matrix,
 * row r at {@code a[a0 + r·lda + p]} — instead of from a packed panel; B is a packed NR-column panel
 * ({@code bp[b0 + p·NR + j]}) as in the packed GEMM. The raw tile (no alpha, no beta) goes to {@code tile[r·NR + j]};
 * the caller writes it to C. With fewer than MR rows left ({@code rows < MR}) the missing rows read the last real
 * row again (never past the matrix), and their results are ignored. Unrolled by hand, as the packed kernels.
 */
final class StreamedMicroKernels {
    private static final VectorSpecies<Float> F = Lanes.F;
    private static final int L = Lanes.L;

    private StreamedMicroKernels() {
    }

    // Bound to their tiles by MicroKernel, the one place that lists them.

    /** 6 rows × 2 vectors, rows read in place. */
    static void kernel6x2(int kc, float[] a, int a0, int lda, int rows, float[] bp, int b0, float[] tile) {
        int o0 = a0 + Math.min(0, rows - 1) * lda;
        int o1 = a0 + Math.min(1, rows - 1) * lda;
        int o2 = a0 + Math.min(2, rows - 1) * lda;
        int o3 = a0 + Math.min(3, rows - 1) * lda;
        int o4 = a0 + Math.min(4, rows - 1) * lda;
        int o5 = a0 + Math.min(5, rows - 1) * lda;
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F), c41 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F), c51 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int bo = b0 + p * (2 * L);
            FloatVector bv0 = FloatVector.fromArray(F, bp, bo);
            FloatVector bv1 = FloatVector.fromArray(F, bp, bo + L);
            FloatVector av0 = FloatVector.broadcast(F, a[o0 + p]);
            c00 = bv0.fma(av0, c00);
            c01 = bv1.fma(av0, c01);
            FloatVector av1 = FloatVector.broadcast(F, a[o1 + p]);
            c10 = bv0.fma(av1, c10);
            c11 = bv1.fma(av1, c11);
            FloatVector av2 = FloatVector.broadcast(F, a[o2 + p]);
            c20 = bv0.fma(av2, c20);
            c21 = bv1.fma(av2, c21);
            FloatVector av3 = FloatVector.broadcast(F, a[o3 + p]);
            c30 = bv0.fma(av3, c30);
            c31 = bv1.fma(av3, c31);
            FloatVector av4 = FloatVector.broadcast(F, a[o4 + p]);
            c40 = bv0.fma(av4, c40);
            c41 = bv1.fma(av4, c41);
            FloatVector av5 = FloatVector.broadcast(F, a[o5 + p]);
            c50 = bv0.fma(av5, c50);
            c51 = bv1.fma(av5, c51);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, 2 * L);
        c11.intoArray(tile, 3 * L);
        c20.intoArray(tile, 4 * L);
        c21.intoArray(tile, 5 * L);
        c30.intoArray(tile, 6 * L);
        c31.intoArray(tile, 7 * L);
        c40.intoArray(tile, 8 * L);
        c41.intoArray(tile, 9 * L);
        c50.intoArray(tile, 10 * L);
        c51.intoArray(tile, 11 * L);
    }

    /** 8 rows × 2 vectors, rows read in place. */
    static void kernel8x2(int kc, float[] a, int a0, int lda, int rows, float[] bp, int b0, float[] tile) {
        int o0 = a0 + Math.min(0, rows - 1) * lda;
        int o1 = a0 + Math.min(1, rows - 1) * lda;
        int o2 = a0 + Math.min(2, rows - 1) * lda;
        int o3 = a0 + Math.min(3, rows - 1) * lda;
        int o4 = a0 + Math.min(4, rows - 1) * lda;
        int o5 = a0 + Math.min(5, rows - 1) * lda;
        int o6 = a0 + Math.min(6, rows - 1) * lda;
        int o7 = a0 + Math.min(7, rows - 1) * lda;
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
            FloatVector bv0 = FloatVector.fromArray(F, bp, bo);
            FloatVector bv1 = FloatVector.fromArray(F, bp, bo + L);
            FloatVector av0 = FloatVector.broadcast(F, a[o0 + p]);
            c00 = bv0.fma(av0, c00);
            c01 = bv1.fma(av0, c01);
            FloatVector av1 = FloatVector.broadcast(F, a[o1 + p]);
            c10 = bv0.fma(av1, c10);
            c11 = bv1.fma(av1, c11);
            FloatVector av2 = FloatVector.broadcast(F, a[o2 + p]);
            c20 = bv0.fma(av2, c20);
            c21 = bv1.fma(av2, c21);
            FloatVector av3 = FloatVector.broadcast(F, a[o3 + p]);
            c30 = bv0.fma(av3, c30);
            c31 = bv1.fma(av3, c31);
            FloatVector av4 = FloatVector.broadcast(F, a[o4 + p]);
            c40 = bv0.fma(av4, c40);
            c41 = bv1.fma(av4, c41);
            FloatVector av5 = FloatVector.broadcast(F, a[o5 + p]);
            c50 = bv0.fma(av5, c50);
            c51 = bv1.fma(av5, c51);
            FloatVector av6 = FloatVector.broadcast(F, a[o6 + p]);
            c60 = bv0.fma(av6, c60);
            c61 = bv1.fma(av6, c61);
            FloatVector av7 = FloatVector.broadcast(F, a[o7 + p]);
            c70 = bv0.fma(av7, c70);
            c71 = bv1.fma(av7, c71);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, 2 * L);
        c11.intoArray(tile, 3 * L);
        c20.intoArray(tile, 4 * L);
        c21.intoArray(tile, 5 * L);
        c30.intoArray(tile, 6 * L);
        c31.intoArray(tile, 7 * L);
        c40.intoArray(tile, 8 * L);
        c41.intoArray(tile, 9 * L);
        c50.intoArray(tile, 10 * L);
        c51.intoArray(tile, 11 * L);
        c60.intoArray(tile, 12 * L);
        c61.intoArray(tile, 13 * L);
        c70.intoArray(tile, 14 * L);
        c71.intoArray(tile, 15 * L);
    }

    /** 4 rows × 3 vectors, rows read in place. */
    static void kernel4x3(int kc, float[] a, int a0, int lda, int rows, float[] bp, int b0, float[] tile) {
        int o0 = a0 + Math.min(0, rows - 1) * lda;
        int o1 = a0 + Math.min(1, rows - 1) * lda;
        int o2 = a0 + Math.min(2, rows - 1) * lda;
        int o3 = a0 + Math.min(3, rows - 1) * lda;
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F), c02 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F), c12 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F), c22 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F), c32 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int bo = b0 + p * (3 * L);
            FloatVector bv0 = FloatVector.fromArray(F, bp, bo);
            FloatVector bv1 = FloatVector.fromArray(F, bp, bo + L);
            FloatVector bv2 = FloatVector.fromArray(F, bp, bo + 2 * L);
            FloatVector av0 = FloatVector.broadcast(F, a[o0 + p]);
            c00 = bv0.fma(av0, c00);
            c01 = bv1.fma(av0, c01);
            c02 = bv2.fma(av0, c02);
            FloatVector av1 = FloatVector.broadcast(F, a[o1 + p]);
            c10 = bv0.fma(av1, c10);
            c11 = bv1.fma(av1, c11);
            c12 = bv2.fma(av1, c12);
            FloatVector av2 = FloatVector.broadcast(F, a[o2 + p]);
            c20 = bv0.fma(av2, c20);
            c21 = bv1.fma(av2, c21);
            c22 = bv2.fma(av2, c22);
            FloatVector av3 = FloatVector.broadcast(F, a[o3 + p]);
            c30 = bv0.fma(av3, c30);
            c31 = bv1.fma(av3, c31);
            c32 = bv2.fma(av3, c32);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c02.intoArray(tile, 2 * L);
        c10.intoArray(tile, 3 * L);
        c11.intoArray(tile, 4 * L);
        c12.intoArray(tile, 5 * L);
        c20.intoArray(tile, 6 * L);
        c21.intoArray(tile, 7 * L);
        c22.intoArray(tile, 8 * L);
        c30.intoArray(tile, 9 * L);
        c31.intoArray(tile, 10 * L);
        c32.intoArray(tile, 11 * L);
    }
}
