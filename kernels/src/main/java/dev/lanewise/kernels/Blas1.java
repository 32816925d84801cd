package dev.lanewise.kernels;

import dev.lanewise.kernels.ops.KernelProvider;

/** Level-1 vector kernels over contiguous floats. */
public final class Blas1 {
    private Blas1() {
    }

    /** y += alpha·x (fused multiply-add per element); y is x exactly (same offset) or shares no element with it. */
    public static void axpy(int n, float alpha, float[] x, int offX, float[] y, int offY) {
        Checks.notNull(x, "x");
        Checks.notNull(y, "y");
        Checks.nonNegative(n, "n");
        Checks.vectorFits(x, offX, n, "x", "offX");
        Checks.vectorFits(y, offY, n, "y", "offY");
        Checks.inPlaceOrDisjoint(y, offY, "y", x, offX, "x", n);
        KernelProvider.active().axpy(n, alpha, x, offX, y, offY);
    }

    /** x *= alpha. */
    public static void scale(int n, float alpha, float[] x, int offX) {
        Checks.notNull(x, "x");
        Checks.nonNegative(n, "n");
        Checks.vectorFits(x, offX, n, "x", "offX");
        KernelProvider.active().scale(n, alpha, x, offX);
    }

    /** Σ x² (the squared L2 norm), with float lanes accumulated in double across vector chunks. */
    public static double squaredNorm(int n, float[] x, int offX) {
        Checks.notNull(x, "x");
        Checks.nonNegative(n, "n");
        Checks.vectorFits(x, offX, n, "x", "offX");
        return KernelProvider.active().squaredNorm(n, x, offX);
    }

    /** Σ x. */
    public static double sum(int n, float[] x, int offX) {
        Checks.notNull(x, "x");
        Checks.nonNegative(n, "n");
        Checks.vectorFits(x, offX, n, "x", "offX");
        return KernelProvider.active().sum(n, x, offX);
    }

    /** out = x ⊙ y (elementwise product); out is x or y exactly (same offset) or shares no element with either. */
    public static void multiply(int n, float[] x, int offX, float[] y, int offY, float[] out, int offOut) {
        Checks.notNull(x, "x");
        Checks.notNull(y, "y");
        Checks.notNull(out, "out");
        Checks.nonNegative(n, "n");
        Checks.vectorFits(x, offX, n, "x", "offX");
        Checks.vectorFits(y, offY, n, "y", "offY");
        Checks.vectorFits(out, offOut, n, "out", "offOut");
        Checks.inPlaceOrDisjoint(out, offOut, "out", x, offX, "x", n);
        Checks.inPlaceOrDisjoint(out, offOut, "out", y, offY, "y", n);
        KernelProvider.active().multiply(n, x, offX, y, offY, out, offOut);
    }
}
