package dev.lanewise.kernels;

import dev.lanewise.kernels.ops.KernelProvider;

/** Fused {@code Y = act(Z + b)}, b broadcast along the rows of the m×n matrix Z, in one pass over Z. */
public final class BiasActivation {
    private BiasActivation() {
    }

    /**
     * Y may be Z itself (same array, offset and leading dimension) for an in-place update; otherwise Y shares no
     * element with Z, and never one with the bias.
     */
    public static void forward(Activation act, int m, int n, float[] z, int offZ, int ldz,
                               float[] bias, int offBias, float[] y, int offY, int ldy) {
        Checks.notNull(act, "act");
        Checks.notNull(z, "z");
        Checks.notNull(bias, "bias");
        Checks.notNull(y, "y");
        Checks.nonNegative(m, "m");
        Checks.nonNegative(n, "n");
        Checks.leadingDimension(ldz, n, "ldz");
        Checks.leadingDimension(ldy, n, "ldy");
        Checks.matrixFits(z, offZ, m, n, ldz, "z", "offZ");
        Checks.vectorFits(bias, offBias, n, "bias", "offBias");
        Checks.matrixFits(y, offY, m, n, ldy, "y", "offY");
        Checks.inPlaceOrDisjoint(y, offY, m, n, ldy, "y", z, offZ, m, n, ldz, "z");
        Checks.disjoint(y, offY, m, n, ldy, "y", bias, offBias, 1, n, Math.max(1, n), "bias");
        KernelProvider.active().biasActivation(act, m, n, z, offZ, ldz, bias, offBias, y, offY, ldy);
    }
}
