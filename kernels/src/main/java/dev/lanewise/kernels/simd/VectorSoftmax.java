package dev.lanewise.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector row softmax, log-sum-exp and fused softmax-cross-entropy. Per row: a MAX sweep, one sweep that
 * writes {@code e = exp(x − max)} and sums it, and for the probabilities one scaling sweep. Rows are short
 * and stay in L1 between sweeps. The last partial vector of a row (all of it when the row is narrower than a
 * vector, as for 10 classes) runs as one masked vector, not lane by lane: a scalar {@code Math.exp} per element
 * cost ~11 ns at 10 classes (docs/measurements.md). Masked-off lanes read as −∞ for the max and contribute 0 to
 * the sum; they are never loaded from or stored to memory.
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
        if (n <= F.length()) {
            return crossEntropyNarrow(m, n, logits, offX, ldx, labels, offLabels, grad, offG, ldg);
        }
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

    /**
     * Rows of at most one vector (10 classes): each row is one masked vector kept in registers from load to the
     * gradient's single masked store — max, exp, sum, scale and the one-hot subtraction without writing and
     * re-reading the row (a masked store followed by a load of it cannot be forwarded and stalls). The
     * operations per element are the general path's, in the same order.
     */
    private static double crossEntropyNarrow(int m, int n, float[] logits, int offX, int ldx, int[] labels,
                                             int offLabels, float[] grad, int offG, int ldg) {
        VectorMask<Float> row = F.indexInRange(0, n);
        VectorMask<Float> outside = row.not();
        FloatVector lane = FloatVector.zero(F).addIndex(1);
        double total = 0;
        float invM = 1f / m;
        for (int i = 0; i < m; i++) {
            int xi = offX + i * ldx;
            int label = labels[offLabels + i];
            float xLabel = logits[xi + label];   // read before grad (which may alias logits) is written
            FloatVector x = FloatVector.fromArray(F, logits, xi, row);
            float max = x.blend(Float.NEGATIVE_INFINITY, outside).reduceLanes(VectorOperators.MAX);
            FloatVector e = VectorMath.exp(x.sub(max)).blend(0f, outside);
            float sum = VectorMath.sum(e);
            total += ((double) max - xLabel) + Math.log(sum);
            FloatVector g = e.mul(invM / sum);
            g.sub(invM, lane.compare(VectorOperators.EQ, label)).intoArray(grad, offG + i * ldg, row);
        }
        return total / m;
    }

    /** Maximum of the row with Math.max semantics (NaN propagates); −∞ for an empty row. */
    static float rowMax(float[] x, int off, int n) {
        FloatVector acc = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int j = 0;
        for (int upper = F.loopBound(n); j < upper; j += F.length()) {
            acc = acc.max(FloatVector.fromArray(F, x, off + j));
        }
        if (j < n) {
            VectorMask<Float> tail = F.indexInRange(j, n);
            acc = acc.max(FloatVector.fromArray(F, x, off + j, tail).blend(Float.NEGATIVE_INFINITY, tail.not()));
        }
        return acc.reduceLanes(VectorOperators.MAX);
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
        if (j < n) {
            VectorMask<Float> tail = F.indexInRange(j, n);
            FloatVector e = VectorMath.exp(FloatVector.fromArray(F, x, xi + j, tail).sub(max)).blend(0f, tail.not());
            e.intoArray(y, yi + j, tail);
            acc = acc.add(e);
        }
        return VectorMath.sum(acc);
    }

    private static float expShiftedSum(float[] x, int xi, int n, float max) {
        FloatVector acc = FloatVector.zero(F);
        int j = 0;
        for (int upper = F.loopBound(n); j < upper; j += F.length()) {
            acc = acc.add(VectorMath.exp(FloatVector.fromArray(F, x, xi + j).sub(max)));
        }
        if (j < n) {
            VectorMask<Float> tail = F.indexInRange(j, n);
            acc = acc.add(VectorMath.exp(FloatVector.fromArray(F, x, xi + j, tail).sub(max)).blend(0f, tail.not()));
        }
        return VectorMath.sum(acc);
    }

    private static void scale(float[] y, int yi, int n, float s) {
        int j = 0;
        for (int upper = F.loopBound(n); j < upper; j += F.length()) {
            FloatVector.fromArray(F, y, yi + j).mul(s).intoArray(y, yi + j);
        }
        if (j < n) {
            VectorMask<Float> tail = F.indexInRange(j, n);
            FloatVector.fromArray(F, y, yi + j, tail).mul(s).intoArray(y, yi + j, tail);
        }
    }
}
