package dev.lanewise.kernels.reference;

/** Plain loops for the level-1 vector kernels. */
public final class ReferenceBlas1 {
    private ReferenceBlas1() {
    }

    /** out = x ⊙ y (elementwise product). */
    public static void multiply(int n, float[] x, int offX, float[] y, int offY, float[] out, int offOut) {
        for (int i = 0; i < n; i++) {
            out[offOut + i] = x[offX + i] * y[offY + i];
        }
    }

    /** y += alpha·x. */
    public static void axpy(int n, float alpha, float[] x, int offX, float[] y, int offY) {
        for (int i = 0; i < n; i++) {
            y[offY + i] += alpha * x[offX + i];
        }
    }

    /** x *= alpha. */
    public static void scale(int n, float alpha, float[] x, int offX) {
        for (int i = 0; i < n; i++) {
            x[offX + i] *= alpha;
        }
    }

    /** Σ x², accumulated in double. */
    public static double squaredNorm(int n, float[] x, int offX) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (double) x[offX + i] * x[offX + i];
        }
        return sum;
    }

    /** Σ x, accumulated in double. */
    public static double sum(int n, float[] x, int offX) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += x[offX + i];
        }
        return sum;
    }
}
