package dev.lanewise.kernels;

import dev.lanewise.kernels.reference.ReferenceBlas1;
import dev.lanewise.kernels.simd.VectorBlas1;

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
        if (Vectorization.ENABLED) {
            VectorBlas1.axpy(n, alpha, x, offX, y, offY);
        } else {
            ReferenceBlas1.axpy(n, alpha, x, offX, y, offY);
        }
    }

    /** x *= alpha. */
    public static void scale(int n, float alpha, float[] x, int offX) {
        Checks.notNull(x, "x");
        Checks.nonNegative(n, "n");
        Checks.vectorFits(x, offX, n, "x", "offX");
        if (Vectorization.ENABLED) {
            VectorBlas1.scale(n, alpha, x, offX);
        } else {
            ReferenceBlas1.scale(n, alpha, x, offX);
        }
    }

    /** Σ x² (the squared L2 norm), with float lanes accumulated in double across vector chunks. */
    public static double squaredNorm(int n, float[] x, int offX) {
        Checks.notNull(x, "x");
        Checks.nonNegative(n, "n");
        Checks.vectorFits(x, offX, n, "x", "offX");
        return Vectorization.ENABLED ? VectorBlas1.squaredNorm(n, x, offX) : ReferenceBlas1.squaredNorm(n, x, offX);
    }

    /** Σ x. */
    public static double sum(int n, float[] x, int offX) {
        Checks.notNull(x, "x");
        Checks.nonNegative(n, "n");
        Checks.vectorFits(x, offX, n, "x", "offX");
        return Vectorization.ENABLED ? VectorBlas1.sum(n, x, offX) : ReferenceBlas1.sum(n, x, offX);
    }
}
