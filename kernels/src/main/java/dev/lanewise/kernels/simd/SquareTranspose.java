package dev.lanewise.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packs full NR-column panels of op(B) = Bᵀ (column j of op(B) is row j of B) by transposing L×L blocks in
 * registers: L rows of B, L columns deep, are loaded as L vectors and transposed by log₂L rounds of the perfect
 * shuffle (row i and row i + L/2 zipped into rows 2i and 2i + 1 — after log₂L rounds element (r, c) sits at
 * (c, r)), two constant two-vector permutes per row and round; 8×8 blocks (AVX2) use blend rounds instead
 * ({@link #columns8}). Replaces 16-lane gathers, which on the AVX-512 host made packing Bᵀ a fifth of the time of a
 * 64×784×300 product.
 */
final class SquareTranspose {
    private static final VectorSpecies<Float> F = Lanes.F;
    private static final int L = Lanes.L;
    private static final VectorShuffle<Float> ZIP_LO = zip(0), ZIP_HI = zip(L / 2);
    // The lane swaps and masks of columns8's blend rounds (built for any L; only used when L is 8).
    private static final VectorShuffle<Float> SWAP4 = swap(4), SWAP2 = swap(2), SWAP1 = swap(1);
    private static final VectorMask<Float> HIGH4 = Lanes.upperHalves(4), HIGH2 = Lanes.upperHalves(2),
            HIGH1 = Lanes.upperHalves(1);

    private SquareTranspose() {
    }

    /**
     * Writes {@code bp[dst + p·nr + v + t] = b[src + t·ldb + p]} for t in [0, L) and p in [0, kc) rounded down
     * to a multiple of L; returns the p reached (the caller packs the rest).
     */
    static int packColumns(float[] b, int src, int ldb, int kc, float[] bp, int dst, int nr, int v) {
        if (L == 8) {
            return columns8(b, src, ldb, kc, bp, dst, nr, v);
        }
        int p = 0;
        for (; p <= kc - L; p += L) {
            int d = dst + p * nr + v;
            switch (L) {
                case 16 -> transpose16(b, src + p, ldb, bp, d, nr);
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

    /**
     * 8×8 blocks in three rounds of blends: round h (4, 2, 1) pairs rows i and i + h, and each output takes its own
     * half of every 2h-lane block and the partner's other half, moved over by a one-vector lane swap (x ↔ x ^ h).
     * AVX2 has no two-vector permute, so the zip rounds of {@link #transpose16} cost two permutes and a blend per
     * output there; this form needs one permute and one blend (the Wᵀ packing of a 300×784 weight: 125–140 vs
     * 205–225 µs). The loop over the blocks is here, with every load and store offset linear in p, so the JIT can
     * hoist their range checks (one call per block checked all 16 accesses every time).
     */
    private static int columns8(float[] b, int src, int ldb, int kc, float[] bp, int dst, int nr, int v) {
        int s0 = src, s1 = s0 + ldb, s2 = s1 + ldb, s3 = s2 + ldb, s4 = s3 + ldb, s5 = s4 + ldb, s6 = s5 + ldb;
        int s7 = s6 + ldb;
        int e0 = dst + v, e1 = e0 + nr, e2 = e1 + nr, e3 = e2 + nr, e4 = e3 + nr, e5 = e4 + nr, e6 = e5 + nr;
        int e7 = e6 + nr;
        int p = 0;
        for (; p <= kc - 8; p += 8) {
            FloatVector r0 = FloatVector.fromArray(F, b, s0 + p), r1 = FloatVector.fromArray(F, b, s1 + p);
            FloatVector r2 = FloatVector.fromArray(F, b, s2 + p), r3 = FloatVector.fromArray(F, b, s3 + p);
            FloatVector r4 = FloatVector.fromArray(F, b, s4 + p), r5 = FloatVector.fromArray(F, b, s5 + p);
            FloatVector r6 = FloatVector.fromArray(F, b, s6 + p), r7 = FloatVector.fromArray(F, b, s7 + p);
            FloatVector t0 = r0.blend(r4.rearrange(SWAP4), HIGH4), t4 = r0.rearrange(SWAP4).blend(r4, HIGH4);
            FloatVector t1 = r1.blend(r5.rearrange(SWAP4), HIGH4), t5 = r1.rearrange(SWAP4).blend(r5, HIGH4);
            FloatVector t2 = r2.blend(r6.rearrange(SWAP4), HIGH4), t6 = r2.rearrange(SWAP4).blend(r6, HIGH4);
            FloatVector t3 = r3.blend(r7.rearrange(SWAP4), HIGH4), t7 = r3.rearrange(SWAP4).blend(r7, HIGH4);
            FloatVector u0 = t0.blend(t2.rearrange(SWAP2), HIGH2), u2 = t0.rearrange(SWAP2).blend(t2, HIGH2);
            FloatVector u1 = t1.blend(t3.rearrange(SWAP2), HIGH2), u3 = t1.rearrange(SWAP2).blend(t3, HIGH2);
            FloatVector u4 = t4.blend(t6.rearrange(SWAP2), HIGH2), u6 = t4.rearrange(SWAP2).blend(t6, HIGH2);
            FloatVector u5 = t5.blend(t7.rearrange(SWAP2), HIGH2), u7 = t5.rearrange(SWAP2).blend(t7, HIGH2);
            int q = p * nr;
            u0.blend(u1.rearrange(SWAP1), HIGH1).intoArray(bp, e0 + q);
            u0.rearrange(SWAP1).blend(u1, HIGH1).intoArray(bp, e1 + q);
            u2.blend(u3.rearrange(SWAP1), HIGH1).intoArray(bp, e2 + q);
            u2.rearrange(SWAP1).blend(u3, HIGH1).intoArray(bp, e3 + q);
            u4.blend(u5.rearrange(SWAP1), HIGH1).intoArray(bp, e4 + q);
            u4.rearrange(SWAP1).blend(u5, HIGH1).intoArray(bp, e5 + q);
            u6.blend(u7.rearrange(SWAP1), HIGH1).intoArray(bp, e6 + q);
            u6.rearrange(SWAP1).blend(u7, HIGH1).intoArray(bp, e7 + q);
        }
        return p;
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

    /** Lane x takes lane x ^ h (h a power of two below L): adjacent h-lane blocks swapped. */
    private static VectorShuffle<Float> swap(int h) {
        int[] index = new int[L];
        for (int x = 0; x < L; x++) {
            index[x] = (x ^ h) % L;
        }
        return VectorShuffle.fromArray(F, index, 0);
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
