package dev.lanewise.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packs full NR-column panels of op(B) = Bᵀ (column j of op(B) is row j of B) by transposing L×L blocks in
 * registers: L rows of B, L columns deep, are loaded as L vectors and transposed by log₂L rounds of the perfect
 * shuffle (row i and row i + L/2 zipped into rows 2i and 2i + 1 — after log₂L rounds element (r, c) sits at
 * (c, r)), two constant two-vector permutes per row and round. Replaces 16-lane gathers, which on the AVX-512
 * host made packing Bᵀ a fifth of the time of a 64×784×300 product.
 */
final class SquareTranspose {
    private static final VectorSpecies<Float> F = Lanes.F;
    private static final int L = Lanes.L;
    private static final VectorShuffle<Float> ZIP_LO = zip(0), ZIP_HI = zip(L / 2);

    private SquareTranspose() {
    }

    /**
     * Writes {@code bp[dst + p·nr + v + t] = b[src + t·ldb + p]} for t in [0, L) and p in [0, kc) rounded down
     * to a multiple of L; returns the p reached (the caller packs the rest).
     */
    static int packColumns(float[] b, int src, int ldb, int kc, float[] bp, int dst, int nr, int v) {
        int p = 0;
        for (; p <= kc - L; p += L) {
            int d = dst + p * nr + v;
            switch (L) {
                case 16 -> transpose16(b, src + p, ldb, bp, d, nr);
                case 8 -> transpose8(b, src + p, ldb, bp, d, nr);
                default -> transpose4(b, src + p, ldb, bp, d, nr);
            }
        }
        return p;
    }

    private static void transpose4(float[] b, int s, int ldb, float[] bp, int d, int nr) {
        FloatVector r0 = FloatVector.fromArray(F, b, s), r1 = FloatVector.fromArray(F, b, s + ldb);
        FloatVector r2 = FloatVector.fromArray(F, b, s + 2 * ldb), r3 = FloatVector.fromArray(F, b, s + 3 * ldb);
        for (int round = 0; round < 2; round++) {
            FloatVector n0 = r0.rearrange(ZIP_LO, r2), n1 = r0.rearrange(ZIP_HI, r2);
            FloatVector n2 = r1.rearrange(ZIP_LO, r3), n3 = r1.rearrange(ZIP_HI, r3);
            r0 = n0;
            r1 = n1;
            r2 = n2;
            r3 = n3;
        }
        r0.intoArray(bp, d);
        r1.intoArray(bp, d + nr);
        r2.intoArray(bp, d + 2 * nr);
        r3.intoArray(bp, d + 3 * nr);
    }

    private static void transpose8(float[] b, int s, int ldb, float[] bp, int d, int nr) {
        FloatVector r0 = FloatVector.fromArray(F, b, s), r1 = FloatVector.fromArray(F, b, s + ldb);
        FloatVector r2 = FloatVector.fromArray(F, b, s + 2 * ldb), r3 = FloatVector.fromArray(F, b, s + 3 * ldb);
        FloatVector r4 = FloatVector.fromArray(F, b, s + 4 * ldb), r5 = FloatVector.fromArray(F, b, s + 5 * ldb);
        FloatVector r6 = FloatVector.fromArray(F, b, s + 6 * ldb), r7 = FloatVector.fromArray(F, b, s + 7 * ldb);
        for (int round = 0; round < 3; round++) {
            FloatVector n0 = r0.rearrange(ZIP_LO, r4), n1 = r0.rearrange(ZIP_HI, r4);
            FloatVector n2 = r1.rearrange(ZIP_LO, r5), n3 = r1.rearrange(ZIP_HI, r5);
            FloatVector n4 = r2.rearrange(ZIP_LO, r6), n5 = r2.rearrange(ZIP_HI, r6);
            FloatVector n6 = r3.rearrange(ZIP_LO, r7), n7 = r3.rearrange(ZIP_HI, r7);
            r0 = n0;
            r1 = n1;
            r2 = n2;
            r3 = n3;
            r4 = n4;
            r5 = n5;
            r6 = n6;
            r7 = n7;
        }
        r0.intoArray(bp, d);
        r1.intoArray(bp, d + nr);
        r2.intoArray(bp, d + 2 * nr);
        r3.intoArray(bp, d + 3 * nr);
        r4.intoArray(bp, d + 4 * nr);
        r5.intoArray(bp, d + 5 * nr);
        r6.intoArray(bp, d + 6 * nr);
        r7.intoArray(bp, d + 7 * nr);
    }

    private static void transpose16(float[] b, int s, int ldb, float[] bp, int d, int nr) {
        FloatVector r0 = FloatVector.fromArray(F, b, s), r1 = FloatVector.fromArray(F, b, s + ldb);
        FloatVector r2 = FloatVector.fromArray(F, b, s + 2 * ldb), r3 = FloatVector.fromArray(F, b, s + 3 * ldb);
        FloatVector r4 = FloatVector.fromArray(F, b, s + 4 * ldb), r5 = FloatVector.fromArray(F, b, s + 5 * ldb);
        FloatVector r6 = FloatVector.fromArray(F, b, s + 6 * ldb), r7 = FloatVector.fromArray(F, b, s + 7 * ldb);
        FloatVector r8 = FloatVector.fromArray(F, b, s + 8 * ldb), r9 = FloatVector.fromArray(F, b, s + 9 * ldb);
        FloatVector r10 = FloatVector.fromArray(F, b, s + 10 * ldb), r11 = FloatVector.fromArray(F, b, s + 11 * ldb);
        FloatVector r12 = FloatVector.fromArray(F, b, s + 12 * ldb), r13 = FloatVector.fromArray(F, b, s + 13 * ldb);
        FloatVector r14 = FloatVector.fromArray(F, b, s + 14 * ldb), r15 = FloatVector.fromArray(F, b, s + 15 * ldb);
        for (int round = 0; round < 4; round++) {
            FloatVector n0 = r0.rearrange(ZIP_LO, r8), n1 = r0.rearrange(ZIP_HI, r8);
            FloatVector n2 = r1.rearrange(ZIP_LO, r9), n3 = r1.rearrange(ZIP_HI, r9);
            FloatVector n4 = r2.rearrange(ZIP_LO, r10), n5 = r2.rearrange(ZIP_HI, r10);
            FloatVector n6 = r3.rearrange(ZIP_LO, r11), n7 = r3.rearrange(ZIP_HI, r11);
            FloatVector n8 = r4.rearrange(ZIP_LO, r12), n9 = r4.rearrange(ZIP_HI, r12);
            FloatVector n10 = r5.rearrange(ZIP_LO, r13), n11 = r5.rearrange(ZIP_HI, r13);
            FloatVector n12 = r6.rearrange(ZIP_LO, r14), n13 = r6.rearrange(ZIP_HI, r14);
            FloatVector n14 = r7.rearrange(ZIP_LO, r15), n15 = r7.rearrange(ZIP_HI, r15);
            r0 = n0;
            r1 = n1;
            r2 = n2;
            r3 = n3;
            r4 = n4;
            r5 = n5;
            r6 = n6;
            r7 = n7;
            r8 = n8;
            r9 = n9;
            r10 = n10;
            r11 = n11;
            r12 = n12;
            r13 = n13;
            r14 = n14;
            r15 = n15;
        }
        r0.intoArray(bp, d);
        r1.intoArray(bp, d + nr);
        r2.intoArray(bp, d + 2 * nr);
        r3.intoArray(bp, d + 3 * nr);
        r4.intoArray(bp, d + 4 * nr);
        r5.intoArray(bp, d + 5 * nr);
        r6.intoArray(bp, d + 6 * nr);
        r7.intoArray(bp, d + 7 * nr);
        r8.intoArray(bp, d + 8 * nr);
        r9.intoArray(bp, d + 9 * nr);
        r10.intoArray(bp, d + 10 * nr);
        r11.intoArray(bp, d + 11 * nr);
        r12.intoArray(bp, d + 12 * nr);
        r13.intoArray(bp, d + 13 * nr);
        r14.intoArray(bp, d + 14 * nr);
        r15.intoArray(bp, d + 15 * nr);
    }

    /** zip of two vectors from lane {@code from}: lane x takes lane from + x/2 of the first (x even) or second. */
    private static VectorShuffle<Float> zip(int from) {
        int[] index = new int[L];
        for (int x = 0; x < L; x++) {
            index[x] = from + x / 2 + (x % 2) * L;
        }
        return VectorShuffle.fromArray(F, index, 0);
    }
}
