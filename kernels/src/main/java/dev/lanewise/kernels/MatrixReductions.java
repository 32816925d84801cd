package dev.lanewise.kernels;

import dev.lanewise.kernels.ops.KernelProvider;

/** Reductions over the rows or columns of an m×n row-major matrix. */
public final class MatrixReductions {
    private MatrixReductions() {
    }

    /**
     * out[j] = Σ_i a[i, j] (the bias gradient of a dense layer), summed in row order, so the result is
     * bit-identical to the reference on every species. out is overwritten and shares no element with a.
     */
    public static void columnSums(int m, int n, float[] a, int offA, int lda, float[] out, int offOut) {
        Checks.notNull(a, "a");
        Checks.notNull(out, "out");
        Checks.nonNegative(m, "m");
        Checks.nonNegative(n, "n");
        Checks.leadingDimension(lda, n, "lda");
        Checks.matrixFits(a, offA, m, n, lda, "a", "offA");
        Checks.vectorFits(out, offOut, n, "out", "offOut");
        Checks.disjoint(out, offOut, 1, n, Math.max(1, n), "out", a, offA, m, n, lda, "a");
        KernelProvider.active().columnSums(m, n, a, offA, lda, out, offOut);
    }

    /** out[i] = first index of the largest entry of row i; NaN counts as largest (as NumPy). Needs n ≥ 1 if m ≥ 1. */
    public static void rowArgmax(int m, int n, float[] a, int offA, int lda, int[] out, int offOut) {
        Checks.notNull(a, "a");
        Checks.notNull(out, "out");
        Checks.nonNegative(m, "m");
        Checks.nonNegative(n, "n");
        if (m > 0 && n == 0) {
            throw new IllegalArgumentException("n: expected >= 1 (a row needs an entry to have an argmax), got 0");
        }
        Checks.leadingDimension(lda, n, "lda");
        Checks.matrixFits(a, offA, m, n, lda, "a", "offA");
        Checks.vectorFits(out, offOut, m, "out", "offOut");
        KernelProvider.active().rowArgmax(m, n, a, offA, lda, out, offOut);
    }
}
