package dev.lanewise.kernels;

import dev.lanewise.kernels.reference.ReferenceSoftmax;
import dev.lanewise.kernels.simd.VectorSoftmax;

/**
 * Row-wise softmax and log-sum-exp of an m×n matrix, with the max shift so that logits of any finite size
 * and −∞ entries are handled exactly; a row containing NaN gives NaN, a row of only −∞ gives NaN (softmax)
 * and −∞ (log-sum-exp is then reported as NaN too, since the shift is undefined).
 */
public final class Softmax {
    private Softmax() {
    }

    /** y[i,:] = exp(x[i,:] − max) / Σ exp(x[i,:] − max). Y may be X itself (same offset and leading dimension), else shares no element with it. */
    public static void softmax(int m, int n, float[] x, int offX, int ldx, float[] y, int offY, int ldy) {
        Checks.notNull(x, "x");
        Checks.notNull(y, "y");
        Checks.nonNegative(m, "m");
        Checks.nonNegative(n, "n");
        Checks.leadingDimension(ldx, n, "ldx");
        Checks.leadingDimension(ldy, n, "ldy");
        Checks.matrixFits(x, offX, m, n, ldx, "x", "offX");
        Checks.matrixFits(y, offY, m, n, ldy, "y", "offY");
        Checks.inPlaceOrDisjoint(y, offY, m, n, ldy, "y", x, offX, m, n, ldx, "x");
        if (Vectorization.ENABLED) {
            VectorSoftmax.softmax(m, n, x, offX, ldx, y, offY, ldy);
        } else {
            ReferenceSoftmax.softmax(m, n, x, offX, ldx, y, offY, ldy);
        }
    }

    /** out[i] = max + log Σ exp(x[i,:] − max); −∞ for a row with n == 0. out shares no element with x. */
    public static void logSumExp(int m, int n, float[] x, int offX, int ldx, float[] out, int offOut) {
        Checks.notNull(x, "x");
        Checks.notNull(out, "out");
        Checks.nonNegative(m, "m");
        Checks.nonNegative(n, "n");
        Checks.leadingDimension(ldx, n, "ldx");
        Checks.matrixFits(x, offX, m, n, ldx, "x", "offX");
        Checks.vectorFits(out, offOut, m, "out", "offOut");
        Checks.disjoint(out, offOut, 1, m, Math.max(1, m), "out", x, offX, m, n, ldx, "x");
        if (Vectorization.ENABLED) {
            VectorSoftmax.logSumExp(m, n, x, offX, ldx, out, offOut);
        } else {
            ReferenceSoftmax.logSumExp(m, n, x, offX, ldx, out, offOut);
        }
    }
}
