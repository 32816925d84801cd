package dev.lanewise.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector row softmax, log-sum-exp and fused softmax-cross-entropy. Per row: a MAX sweep, one sweep that
 * writes {@code e = exp(x − max)} and sums it, and for the probabilities one scaling sweep. Rows are short
 * and stay in L1 between sweeps.
 */
public final class VectorSoftmax {
    private static final VectorSpecies<Float> F = Lanes.F;

    private VectorSoftmax() {
    }

    public static void softmax(int m, int n, float[] x, int offX, int ldx, float[] y, int offY, int ldy) {
        for (int i = 0; i < m; i++) {
            int xi = offX + i * ldx;
            int yi = offY + i * ldy;
            float max = rowMax(x, xi, n);
            float sum = expShiftedInto(x, xi, n, max, y, yi);
            scale(y, yi, n, 1f / sum);
        }
    }

    public static void logSumExp(int m, int n, float[] x, int offX, int ldx, float[] out, int offOut) {
        for (int i = 0; i < m; i++) {
            int xi = offX + i * ldx;
            float max = rowMax(x, xi, n);
            out[offOut + i] = (float) (max + Math.log(expShiftedSum(x, xi, n, max)));
        }
    }

    public static double crossEntropy(int m, int n, float[] logits, int offX, int ldx, int[] labels, int offLabels,
                                      float[] grad, int offG, int ldg) {
        double total = 0;
        float invM = 1f / m;
        for (int i = 0; i < m; i++) {
            int xi = offX + i * ldx;
            int gi = offG + i * ldg;
            int label = labels[offLabels + i];
            float xLabel = logits[xi + label];   // read before grad (which may alias logits) is written
            float max = rowMax(logits, xi, n);
            float sum = expShiftedInto(logits, xi, n, max, grad, gi);
            total += ((double) max - xLabel) + Math.log(sum);
            scale(grad, gi, n, invM / sum);
            grad[gi + label] -= invM;
        }
        return total / m;
    }

    /** Maximum of the row with Math.max semantics (NaN propagates); −∞ for an empty row. */
    static float rowMax(float[] x, int off, int n) {
        int upper = F.loopBound(n);
        float max = Float.NEGATIVE_INFINITY;
        int j = 0;
        if (upper > 0) {
            FloatVector acc = FloatVector.fromArray(F, x, off);
            for (j = F.length(); j < upper; j += F.length()) {
                acc = acc.max(FloatVector.fromArray(F, x, off + j));
            }
            max = acc.reduceLanes(VectorOperators.MAX);
        }
        for (; j < n; j++) {
            max = Math.max(max, x[off + j]);
        }
        return max;
    }

    /** Writes exp(x − max) into y and returns its sum. */
    private static float expShiftedInto(float[] x, int xi, int n, float max, float[] y, int yi) {
        FloatVector acc = FloatVector.zero(F);
        int j = 0;
        for (int upper = F.loopBound(n); j < upper; j += F.length()) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(F, x, xi + j).sub(max));
            e.intoArray(y, yi + j);
            acc = acc.add(e);
        }
        float sum = VectorMath.sum(acc);
        for (; j < n; j++) {
            float e = (float) Math.exp(x[xi + j] - max);
            y[yi + j] = e;
            sum += e;
        }
        return sum;
    }

    private static float expShiftedSum(float[] x, int xi, int n, float max) {
        FloatVector acc = FloatVector.zero(F);
        int j = 0;
        for (int upper = F.loopBound(n); j < upper; j += F.length()) {
            acc = acc.add(VectorMath.exp(FloatVector.fromArray(F, x, xi + j).sub(max)));
        }
        float sum = VectorMath.sum(acc);
        for (; j < n; j++) {
            sum += (float) Math.exp(x[xi + j] - max);
        }
        return sum;
    }

    private static void scale(float[] y, int yi, int n, float s) {
        int j = 0;
        for (int upper = F.loopBound(n); j < upper; j += F.length()) {
            FloatVector.fromArray(F, y, yi + j).mul(s).intoArray(y, yi + j);
        }
        for (; j < n; j++) {
            y[yi + j] *= s;
        }
    }
}
