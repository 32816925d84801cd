package dev.lanewise.kernels.reference;

/** Plain loops for column sums and row argmax. */
public final class ReferenceMatrixReductions {
    private ReferenceMatrixReductions() {
    }

    /** out[j] = Σ_i a[i, j], summed in row order (out is overwritten). */
    public static void columnSums(int m, int n, float[] a, int offA, int lda, float[] out, int offOut) {
        for (int j = 0; j < n; j++) {
            out[offOut + j] = 0f;
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                out[offOut + j] += a[offA + i * lda + j];
            }
        }
    }

    /** out[i] = the first index of the largest entry of row i; NaN counts as largest (as NumPy's argmax). */
    public static void rowArgmax(int m, int n, float[] a, int offA, int lda, int[] out, int offOut) {
        for (int i = 0; i < m; i++) {
            int row = offA + i * lda;
            int best = 0;
            for (int j = 1; j < n; j++) {
                float v = a[row + j];
                float b = a[row + best];
                if (Float.isNaN(b)) {
                    break;
                }
                if (v > b || Float.isNaN(v)) {
                    best = j;
                }
            }
            out[offOut + i] = best;
        }
    }
}
