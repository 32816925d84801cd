package dev.lanewise.kernels.simd;

import dev.lanewise.kernels.Vectorization;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/** The one float species every vector kernel uses; a static final constant, so C2 folds it. */
public final class Lanes {
    /** Float species chosen by {@link Vectorization} (preferred, or forced by {@code lanewise.vectorBits}). */
    public static final VectorSpecies<Float> F = species(Vectorization.vectorBits());
    /** Lanes per vector of {@link #F}. */
    public static final int L = F.length();

    private Lanes() {
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
