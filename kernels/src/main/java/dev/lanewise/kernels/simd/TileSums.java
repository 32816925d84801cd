package dev.lanewise.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Lane sums of sixteen accumulators at once (a DotGemm tile's), by a transposing butterfly. A step at distance d
 * takes two vectors u and v and makes lane l {@code u[l] + u[l ^ d]} where bit d of l is clear and
 * {@code v[l] + v[l ^ d]} where it is set, so one vector carries the half-summed lanes of two; log₂L steps at
 * d = L/2, …, 2, 1 leave the sixteen sums in 16/L vectors: 15 steps of two blends, a shuffle and an add, instead of
 * sixteen separate sums of log₂L shuffles and adds and an extraction each. Every sum follows {@link VectorMath#sum}'s
 * tree (the same pairs at the same distances; IEEE addition commutes), so the bits equal separate sums.
 *
 * <p>The vectors go through the caller's array between steps and no method here takes or returns a vector: C2 boxes
 * a vector passed to a call it leaves out of line, and in a method as large as a 4 × 4 tile it runs out of inlining
 * budget (NodeCountInliningCutoff) before the end.
 */
final class TileSums {
    private static final VectorSpecies<Float> F = Lanes.F;
    private static final int L = checkedLanes(Lanes.L);
    /** Vectors holding the sixteen sums at the end. */
    private static final int SLOTS = 16 / L;

    private static final VectorMask<Float> UPPER8 = L >= 16 ? Lanes.upperHalves(8) : null;
    private static final VectorMask<Float> UPPER4 = L >= 8 ? Lanes.upperHalves(4) : null;
    private static final VectorMask<Float> UPPER2 = Lanes.upperHalves(2);
    private static final VectorMask<Float> UPPER1 = Lanes.upperHalves(1);
    private static final VectorShuffle<Float> SWAP8 = L >= 16 ? Lanes.swapBlocks(8) : null;
    private static final VectorShuffle<Float> SWAP4 = L >= 8 ? Lanes.swapBlocks(4) : null;
    private static final VectorShuffle<Float> SWAP2 = Lanes.swapBlocks(2);
    private static final VectorShuffle<Float> SWAP1 = Lanes.swapBlocks(1);

    private TileSums() {
    }

    /**
     * {@code acc} holds sixteen accumulators, number q at {@code acc[q·L ..)}; afterwards the lane sum of number q
     * is at {@code acc[at(q)]}.
     */
    static void sums(float[] acc) {
        // Each step pairs vector s with vector s + count/2 into slot s, so the first vector's lanes come first.
        int count = 16;
        if (L >= 16) {
            count = step(acc, count, UPPER8, SWAP8);
        }
        if (L >= 8) {
            count = step(acc, count, UPPER4, SWAP4);
        }
        count = step(acc, count, UPPER2, SWAP2);
        step(acc, count, UPPER1, SWAP1);
    }

    /**
     * Where {@link #sums} leaves the sum of accumulator q: slot q mod (16/L), lane q / (16/L) (each step puts the
     * second vector of a pair, the higher number, in the lanes with bit d set).
     */
    static int at(int q) {
        return q % SLOTS * L + q / SLOTS;
    }

    /** One step at distance d ({@code upper} = lanes with bit d set, {@code swap} = l → l ^ d) over count vectors. */
    private static int step(float[] acc, int count, VectorMask<Float> upper, VectorShuffle<Float> swap) {
        int half = count / 2;
        for (int s = 0; s < half; s++) {
            FloatVector u = FloatVector.fromArray(F, acc, s * L);
            FloatVector v = FloatVector.fromArray(F, acc, (s + half) * L);
            u.blend(v, upper).add(v.blend(u, upper).rearrange(swap)).intoArray(acc, s * L);
        }
        return half;
    }

    private static int checkedLanes(int lanes) {
        if (lanes != 4 && lanes != 8 && lanes != 16) {
            throw new IllegalStateException("TileSums: expected 4, 8 or 16 float lanes, got " + lanes);
        }
        return lanes;
    }
}
