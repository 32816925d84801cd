package dev.lanewise.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packs a full 6-row panel of row-major A ({@code ap[d + p·6 + r] = a[s + r·lda + p]}) by transposing in
 * registers: per L columns, six row vectors are loaded, interleaved in pairs (rows 0/1, 2/3, 4/5, giving the
 * (p, r) pairs of L/2 columns per vector), then every output vector takes its lanes from the three pair vectors
 * with one two-vector and one one-vector permute and a blend. The six outputs are stored contiguously.
 *
 * <p>It replaces a scalar loop that stored one float at a stride of 24 bytes, 3–5× slower (docs/measurements.md).
 * Output vector j covers packed indices [jL, jL + L), so columns p with 2p + 1 < L come
 * from the "low" pair vectors for j < 3 and the "high" ones for j ≥ 3, for every L (the boundary q = 3L is
 * a multiple of L). Shuffles are static final fields, not array elements, so C2 sees them as constants.
 */
final class SixRowTranspose {
    private static final VectorSpecies<Float> F = Lanes.F;
    private static final int L = Lanes.L;
    static final int ROWS = 6;

    private static final VectorShuffle<Float> PAIR_LO = pair(0), PAIR_HI = pair(L / 2);
    private static final VectorShuffle<Float> S0 = fromPairs01(0), T0 = fromPair2(0);
    private static final VectorShuffle<Float> S1 = fromPairs01(1), T1 = fromPair2(1);
    private static final VectorShuffle<Float> S2 = fromPairs01(2), T2 = fromPair2(2);
    private static final VectorShuffle<Float> S3 = fromPairs01(3), T3 = fromPair2(3);
    private static final VectorShuffle<Float> S4 = fromPairs01(4), T4 = fromPair2(4);
    private static final VectorShuffle<Float> S5 = fromPairs01(5), T5 = fromPair2(5);
    private static final VectorMask<Float> M0 = pair2Lanes(0), M1 = pair2Lanes(1), M2 = pair2Lanes(2);
    private static final VectorMask<Float> M3 = pair2Lanes(3), M4 = pair2Lanes(4), M5 = pair2Lanes(5);

    private SixRowTranspose() {
    }

    /**
     * Packs columns [0, kc) of the six rows starting at {@code a[s]} into {@code ap[d ..]}; returns the number
     * of columns done (a multiple of L); the caller packs the rest.
     */
    static int pack(float[] a, int s, int lda, int kc, float[] ap, int d) {
        int s0 = s, s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda, s4 = s3 + lda, s5 = s4 + lda;
        int p = 0;
        for (; p <= kc - L; p += L, d += ROWS * L) {
            FloatVector r0 = FloatVector.fromArray(F, a, s0 + p), r1 = FloatVector.fromArray(F, a, s1 + p);
            FloatVector r2 = FloatVector.fromArray(F, a, s2 + p), r3 = FloatVector.fromArray(F, a, s3 + p);
            FloatVector r4 = FloatVector.fromArray(F, a, s4 + p), r5 = FloatVector.fromArray(F, a, s5 + p);
            FloatVector lo01 = r0.rearrange(PAIR_LO, r1), hi01 = r0.rearrange(PAIR_HI, r1);
            FloatVector lo23 = r2.rearrange(PAIR_LO, r3), hi23 = r2.rearrange(PAIR_HI, r3);
            FloatVector lo45 = r4.rearrange(PAIR_LO, r5), hi45 = r4.rearrange(PAIR_HI, r5);
            lo01.rearrange(S0, lo23).blend(lo45.rearrange(T0), M0).intoArray(ap, d);
            lo01.rearrange(S1, lo23).blend(lo45.rearrange(T1), M1).intoArray(ap, d + L);
            lo01.rearrange(S2, lo23).blend(lo45.rearrange(T2), M2).intoArray(ap, d + 2 * L);
            hi01.rearrange(S3, hi23).blend(hi45.rearrange(T3), M3).intoArray(ap, d + 3 * L);
            hi01.rearrange(S4, hi23).blend(hi45.rearrange(T4), M4).intoArray(ap, d + 4 * L);
            hi01.rearrange(S5, hi23).blend(hi45.rearrange(T5), M5).intoArray(ap, d + 5 * L);
        }
        return p;
    }

    /** Interleaves two rows from column {@code from}: lane x takes column from + x/2 of row x % 2. */
    private static VectorShuffle<Float> pair(int from) {
        int[] index = new int[L];
        for (int x = 0; x < L; x++) {
            index[x] = from + x / 2 + (x % 2) * L;   // indices >= L select the second vector
        }
        return VectorShuffle.fromArray(F, index, 0);
    }

    /** Lane of the pair vector (low half for outputs 0-2, high half for 3-5) that packed lane x of output j needs. */
    private static int pairLane(int j, int x) {
        int q = j * L + x;
        int p = q / ROWS, r = q % ROWS;
        return 2 * p + r % 2 - (j < 3 ? 0 : L);
    }

    /** Output j's lanes from rows 0-3: pair vector 01 (first operand) or 23 (second); rows 4-5 lanes unused. */
    private static VectorShuffle<Float> fromPairs01(int j) {
        int[] index = new int[L];
        for (int x = 0; x < L; x++) {
            int r = (j * L + x) % ROWS;
            index[x] = r < 2 ? pairLane(j, x) : r < 4 ? pairLane(j, x) + L : 0;
        }
        return VectorShuffle.fromArray(F, index, 0);
    }

    /** Output j's lanes from rows 4-5 (pair vector 45). */
    private static VectorShuffle<Float> fromPair2(int j) {
        int[] index = new int[L];
        for (int x = 0; x < L; x++) {
            index[x] = (j * L + x) % ROWS >= 4 ? pairLane(j, x) : 0;
        }
        return VectorShuffle.fromArray(F, index, 0);
    }

    private static VectorMask<Float> pair2Lanes(int j) {
        boolean[] bits = new boolean[L];
        for (int x = 0; x < L; x++) {
            bits[x] = (j * L + x) % ROWS >= 4;
        }
        return VectorMask.fromArray(F, bits, 0);
    }
}
