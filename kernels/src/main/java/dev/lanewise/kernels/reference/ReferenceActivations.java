package dev.lanewise.kernels.reference;

/** Plain loops for the elementwise activations; transcendental ones are computed in double, then rounded. */
public final class ReferenceActivations {
    private ReferenceActivations() {
    }

    /** y = max(x, 0); NaN stays NaN (as {@link Math#max(float, float)} and PyTorch). */
    public static void relu(int n, float[] x, int offX, float[] y, int offY) {
        for (int i = 0; i < n; i++) {
            y[offY + i] = Math.max(x[offX + i], 0f);
        }
    }

    /** dx = dy where z > 0, else 0 (the gradient at z == 0 is 0, as in PyTorch). */
    public static void reluBackward(int n, float[] dy, int offDy, float[] z, int offZ, float[] dx, int offDx) {
        for (int i = 0; i < n; i++) {
            dx[offDx + i] = z[offZ + i] > 0f ? dy[offDy + i] : 0f;
        }
    }

    public static void sigmoid(int n, float[] x, int offX, float[] y, int offY) {
        for (int i = 0; i < n; i++) {
            y[offY + i] = (float) (1.0 / (1.0 + Math.exp(-(double) x[offX + i])));
        }
    }

    /** dx = dy · y · (1 − y), with y the sigmoid's output. */
    public static void sigmoidBackward(int n, float[] y, int offY, float[] dy, int offDy, float[] dx, int offDx) {
        for (int i = 0; i < n; i++) {
            double s = y[offY + i];
            dx[offDx + i] = (float) (dy[offDy + i] * s * (1.0 - s));
        }
    }

    public static void tanh(int n, float[] x, int offX, float[] y, int offY) {
        for (int i = 0; i < n; i++) {
            y[offY + i] = (float) Math.tanh(x[offX + i]);
        }
    }

    /** dx = dy · (1 − y²), with y the tanh's output. */
    public static void tanhBackward(int n, float[] y, int offY, float[] dy, int offDy, float[] dx, int offDx) {
        for (int i = 0; i < n; i++) {
            double t = y[offY + i];
            dx[offDx + i] = (float) (dy[offDy + i] * (1.0 - t * t));
        }
    }
}
