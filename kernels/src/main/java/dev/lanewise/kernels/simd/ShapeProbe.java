package dev.lanewise.kernels.simd;

import jdk.incubator.vector.FloatVector;

/** Asks the Vector API for the preferred float vector width; loaded only when the module is present. */
public final class ShapeProbe {
    private ShapeProbe() {
    }

    public static int preferredFloatBits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }
}
