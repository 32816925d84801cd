package dev.lanewise.kernels.simd;

import dev.lanewise.kernels.Vectorization;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** The one float species every vector kernel uses; a static final constant, so C2 folds it. */
public final class Lanes {
    /** Float species chosen by {@link Vectorization} (preferred, or forced by {@code lanewise.vectorBits}). */
    public static final VectorSpecies<Float> F = species(Vectorization.vectorBits());
    /** Lanes per vector of {@link #F}. */
    public static final int L = F.length();

    private Lanes() {
    }

    /** The lanes l with {@code (l & d) != 0}: the upper half of every 2d-lane block. */
    static VectorMask<Float> upperHalves(int d) {
        boolean[] bits = new boolean[L];
        for (int l = 0; l < L; l++) {
            bits[l] = (l & d) != 0;
        }
        return VectorMask.fromArray(F, bits, 0);
    }

    /** The shuffle l → l ^ d: swaps neighbouring d-lane blocks (d below L). */
    static VectorShuffle<Float> swapBlocks(int d) {
        return VectorShuffle.fromOp(F, l -> l ^ d);
    }

    private static VectorSpecies<Float> species(int bits) {
        if (bits == 0) {
            throw new IllegalStateException("vector kernels used although lanewise runs scalar");
        }
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() == bits
                ? FloatVector.SPECIES_PREFERRED
                : VectorSpecies.of(float.class, VectorShape.forBitSize(bits));
    }
}
