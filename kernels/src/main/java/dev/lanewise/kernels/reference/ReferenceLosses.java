package dev.lanewise.kernels.reference;

/** Plain loops for the regression and margin losses; sums in double. */
public final class ReferenceLosses {
    private ReferenceLosses() {
    }

    /** Returns Σ (output − target)² / n (NaN for n == 0) and writes grad = 2·(output − target)/n. */
    public static double meanSquaredError(int n, float[] output, int offOutput, float[] target, int offTarget,
                                          float[] grad, int offGrad) {
        double sum = 0;
        double scale = n == 0 ? 0 : 2.0 / n;
        for (int i = 0; i < n; i++) {
            double d = (double) output[offOutput + i] - target[offTarget + i];
            sum += d * d;
            grad[offGrad + i] = (float) (scale * d);
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * Weston–Watkins multiclass hinge over a dense m×n score matrix: returns the batch mean of
     * Σ_{j ≠ y} max(0, s_j − s_y + margin) (NaN for m == 0) and writes its gradient (1/m for every active
     * margin, minus their count/m at the label).
     */
    public static double multiclassHinge(int m, int n, float margin, float[] scores, int offScores,
                                         int[] labels, int offLabels, float[] grad, int offGrad) {
        double total = 0;
        float inv = m == 0 ? 0f : 1f / m;
        for (int i = 0; i < m; i++) {
            int r = i * n, y = labels[offLabels + i];
            float sy = scores[offScores + r + y];
            int active = 0;
            for (int j = 0; j < n; j++) {
                if (j == y) {
                    continue;
                }
                double h = (double) scores[offScores + r + j] - sy + margin;
                if (h > 0) {
                    total += h;
                    grad[offGrad + r + j] = inv;
                    active++;
                } else {
                    grad[offGrad + r + j] = 0f;
                }
            }
            grad[offGrad + r + y] = -active * inv;
        }
        return m == 0 ? Double.NaN : total / m;
    }
}
