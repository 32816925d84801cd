package dev.lanewise.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Micro-kernels for the last column panel of a product whose width leaves at most one vector there (n = 300 with
 * 32-column panels leaves 12): the raw A·B of the panel's first vector of columns into the scratch tile (rows
 * {@code nr} apart), instead of the whole tile — the full kernel would spend the FMAs of every padded column.
 * Each element sees the same fused multiply-adds in the same order as in the full kernel, so the bits are the same.
 */
final class EdgeKernels {
    private static final VectorSpecies<Float> F = Lanes.F;

    private EdgeKernels() {
    }

    /** 4 rows × the first vector of a panel 4 rows deep: 4 accumulators. */
    static void rows4(int kc, float[] ap, int a0, float[] bp, int b0, int nr, float[] tile) {
        FloatVector c0 = FloatVector.zero(F);
        FloatVector c1 = FloatVector.zero(F);
        FloatVector c2 = FloatVector.zero(F);
        FloatVector c3 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int ao = a0 + p * 4;
            FloatVector bv = FloatVector.fromArray(F, bp, b0 + p * nr);
            c0 = bv.fma(FloatVector.broadcast(F, ap[ao]), c0);
            c1 = bv.fma(FloatVector.broadcast(F, ap[ao + 1]), c1);
            c2 = bv.fma(FloatVector.broadcast(F, ap[ao + 2]), c2);
            c3 = bv.fma(FloatVector.broadcast(F, ap[ao + 3]), c3);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, 1 * nr);
        c2.intoArray(tile, 2 * nr);
        c3.intoArray(tile, 3 * nr);
    }

    /** 6 rows × the first vector of a panel 6 rows deep: 6 accumulators. */
    static void rows6(int kc, float[] ap, int a0, float[] bp, int b0, int nr, float[] tile) {
        FloatVector c0 = FloatVector.zero(F);
        FloatVector c1 = FloatVector.zero(F);
        FloatVector c2 = FloatVector.zero(F);
        FloatVector c3 = FloatVector.zero(F);
        FloatVector c4 = FloatVector.zero(F);
        FloatVector c5 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int ao = a0 + p * 6;
            FloatVector bv = FloatVector.fromArray(F, bp, b0 + p * nr);
            c0 = bv.fma(FloatVector.broadcast(F, ap[ao]), c0);
            c1 = bv.fma(FloatVector.broadcast(F, ap[ao + 1]), c1);
            c2 = bv.fma(FloatVector.broadcast(F, ap[ao + 2]), c2);
            c3 = bv.fma(FloatVector.broadcast(F, ap[ao + 3]), c3);
            c4 = bv.fma(FloatVector.broadcast(F, ap[ao + 4]), c4);
            c5 = bv.fma(FloatVector.broadcast(F, ap[ao + 5]), c5);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, 1 * nr);
        c2.intoArray(tile, 2 * nr);
        c3.intoArray(tile, 3 * nr);
        c4.intoArray(tile, 4 * nr);
        c5.intoArray(tile, 5 * nr);
    }

    /** 8 rows × the first vector of a panel 8 rows deep: 8 accumulators. */
    static void rows8(int kc, float[] ap, int a0, float[] bp, int b0, int nr, float[] tile) {
        FloatVector c0 = FloatVector.zero(F);
        FloatVector c1 = FloatVector.zero(F);
        FloatVector c2 = FloatVector.zero(F);
        FloatVector c3 = FloatVector.zero(F);
        FloatVector c4 = FloatVector.zero(F);
        FloatVector c5 = FloatVector.zero(F);
        FloatVector c6 = FloatVector.zero(F);
        FloatVector c7 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int ao = a0 + p * 8;
            FloatVector bv = FloatVector.fromArray(F, bp, b0 + p * nr);
            c0 = bv.fma(FloatVector.broadcast(F, ap[ao]), c0);
            c1 = bv.fma(FloatVector.broadcast(F, ap[ao + 1]), c1);
            c2 = bv.fma(FloatVector.broadcast(F, ap[ao + 2]), c2);
            c3 = bv.fma(FloatVector.broadcast(F, ap[ao + 3]), c3);
            c4 = bv.fma(FloatVector.broadcast(F, ap[ao + 4]), c4);
            c5 = bv.fma(FloatVector.broadcast(F, ap[ao + 5]), c5);
            c6 = bv.fma(FloatVector.broadcast(F, ap[ao + 6]), c6);
            c7 = bv.fma(FloatVector.broadcast(F, ap[ao + 7]), c7);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, 1 * nr);
        c2.intoArray(tile, 2 * nr);
        c3.intoArray(tile, 3 * nr);
        c4.intoArray(tile, 4 * nr);
        c5.intoArray(tile, 5 * nr);
        c6.intoArray(tile, 6 * nr);
        c7.intoArray(tile, 7 * nr);
    }
}
