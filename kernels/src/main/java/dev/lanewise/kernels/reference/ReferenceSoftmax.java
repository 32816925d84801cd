package dev.lanewise.kernels.reference;

/** Row-wise softmax, log-sum-exp and softmax-cross-entropy in double precision with the max shift. */
public final class ReferenceSoftmax {
    private ReferenceSoftmax() {
    }

    /** dx = y ⊙ (dy − Σ_j dy_j·y_j) per row of a dense m×n softmax output y; the dot product in double. */
    public static void softmaxBackward(int m, int n, float[] y, int offY, float[] dy, int offDy,
                                       float[] dx, int offDx) {
        for (int i = 0; i < m; i++) {
            int r = i * n;
            double dot = 0;
            for (int j = 0; j < n; j++) {
                dot += (double) dy[offDy + r + j] * y[offY + r + j];
            }
            for (int j = 0; j < n; j++) {
                dx[offDx + r + j] = (float) (y[offY + r + j] * (dy[offDy + r + j] - dot));
            }
        }
    }

    public static void softmax(int m, int n, float[] x, int offX, int ldx, float[] y, int offY, int ldy) {
        for (int i = 0; i < m; i++) {
            int xi = offX + i * ldx;
            double max = rowMax(x, xi, n);
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += Math.exp(x[xi + j] - max);
            }
            for (int j = 0; j < n; j++) {
                y[offY + i * ldy + j] = (float) (Math.exp(x[xi + j] - max) / sum);
            }
        }
    }

    public static void logSumExp(int m, int n, float[] x, int offX, int ldx, float[] out, int offOut) {
        for (int i = 0; i < m; i++) {
            int xi = offX + i * ldx;
            double max = rowMax(x, xi, n);
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += Math.exp(x[xi + j] - max);
            }
            out[offOut + i] = (float) (max + Math.log(sum));
        }
    }

    /** Mean over rows of {@code logSumExp(row) − row[label]}; grad = (softmax − onehot)/m. */
    public static double crossEntropy(int m, int n, float[] logits, int offX, int ldx, int[] labels, int offLabels,
                                      float[] grad, int offG, int ldg) {
        double total = 0;
        for (int i = 0; i < m; i++) {
            int xi = offX + i * ldx;
            int label = labels[offLabels + i];
            double max = rowMax(logits, xi, n);
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += Math.exp(logits[xi + j] - max);
            }
            double xLabel = logits[xi + label];
            total += (max - xLabel) + Math.log(sum);
            for (int j = 0; j < n; j++) {
                double p = Math.exp(logits[xi + j] - max) / sum;
                grad[offG + i * ldg + j] = (float) ((p - (j == label ? 1.0 : 0.0)) / m);
            }
        }
        return total / m;
    }

    private static double rowMax(float[] x, int off, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, x[off + j]);
        }
        return max;
    }
}
