package dev.lanewise.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector row softmax, log-sum-exp and fused softmax-cross-entropy. Per row: a MAX sweep, one sweep that
 * writes {@code e = exp(x − max)} and sums it, and for the probabilities one scaling sweep. Rows are short
 * and stay in L1 between sweeps. The last partial vector of a row runs as one masked vector, not lane by lane
 * (a scalar {@code Math.exp} per element cost ~11 ns at 10 classes): masked-off lanes read as −∞ for the max
 * and contribute 0 to the sum; they are never loaded from or stored to memory. The cross-entropy of rows no
 * wider than a vector (10 classes) runs transposed, a vector of rows per class (docs/measurements.md).
 */
public final class VectorSoftmax {
    private static final VectorSpecies<Float> F = Lanes.F;

    private VectorSoftmax() {
    }

    public static void softmax(int m, int n, float[] x, int offX, int ldx, float[] y, int offY, int ldy) {
        float[] tail = Scratch.take(Scratch.Slot.SOFTMAX_TILE, F.length());
        try {
            for (int i = 0; i < m; i++) {
                int xi = offX + i * ldx;
                int yi = offY + i * ldy;
                float max = rowMax(x, xi, n);
                float sum = expShiftedInto(x, xi, n, max, y, yi, tail);
                scale(y, yi, n, 1f / sum);
            }
        } finally {
            Scratch.give(Scratch.Slot.SOFTMAX_TILE, tail);
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
        float[] tail = Scratch.take(Scratch.Slot.SOFTMAX_TILE, F.length());
        try {
            for (int i = 0; i < m; i++) {
                int xi = offX + i * ldx;
                int gi = offG + i * ldg;
                int label = labels[offLabels + i];
                float xLabel = logits[xi + label];   // read before grad (which may alias logits) is written
                float max = rowMax(logits, xi, n);
                float sum = expShiftedInto(logits, xi, n, max, grad, gi, tail);
                total += ((double) max - xLabel) + Math.log(sum);
                scale(grad, gi, n, invM / sum);
                grad[gi + label] -= invM;
            }
        } finally {
            Scratch.give(Scratch.Slot.SOFTMAX_TILE, tail);
        }
        return total / m;
    }

    /**
     * Rows of at most one vector (10 classes), a block of L rows at a time, transposed: the block's logits are
     * copied into a tile as one vector per class (lanes = rows), so max, exp and sum are lanewise operations
     * across n vectors — no lane reductions or shuffles per row, one exp per class for L rows. The gradient
     * goes back through the tile (scalar copies both ways; no gathers or scatters, which AVX2 lacks or runs
     * slowly). Per row the operations are the general path's (max; e = exp(x − max); the sum, here in class
     * order; e·(1/m / sum); minus 1/m at the label) and the loss is summed over rows in double, in row order.
     * Lanes past the last row of a ragged block compute on zeros and are never copied out. The block's logits
     * are all read before any of its gradient is written (grad may be logits itself).
     */
    private static double crossEntropyNarrow(int m, int n, float[] logits, int offX, int ldx, int[] labels,
                                             int offLabels, float[] grad, int offG, int ldg) {
        int lanes = F.length();
        float[] tile = Scratch.take(Scratch.Slot.SOFTMAX_TILE, (long) (n + 3) * lanes);
        try {
            double total = 0;
            float invM = 1f / m;
            FloatVector scaleBy = FloatVector.broadcast(F, invM);
            int maxAt = n * lanes, sumAt = maxAt + lanes, labelAt = sumAt + lanes;
            for (int i0 = 0; i0 < m; i0 += lanes) {
                int rows = Math.min(lanes, m - i0);
                for (int r = 0; r < rows; r++) {
                    int xi = offX + (i0 + r) * ldx;
                    for (int c = 0; c < n; c++) {
                        tile[c * lanes + r] = logits[xi + c];
                    }
                    tile[labelAt + r] = logits[xi + labels[offLabels + i0 + r]];
                }
                for (int r = rows; r < lanes; r++) {
                    for (int c = 0; c < n; c++) {
                        tile[c * lanes + r] = 0f;
                    }
                }
                FloatVector max = FloatVector.fromArray(F, tile, 0);
                for (int c = 1; c < n; c++) {
                    max = max.max(FloatVector.fromArray(F, tile, c * lanes));
                }
                FloatVector sum = FloatVector.zero(F);
                for (int c = 0; c < n; c++) {
                    FloatVector e = VectorMath.exp(FloatVector.fromArray(F, tile, c * lanes).sub(max));
                    e.intoArray(tile, c * lanes);
                    sum = sum.add(e);
                }
                FloatVector factor = scaleBy.div(sum);
                for (int c = 0; c < n; c++) {
                    FloatVector.fromArray(F, tile, c * lanes).mul(factor).intoArray(tile, c * lanes);
                }
                max.intoArray(tile, maxAt);
                sum.intoArray(tile, sumAt);
                for (int r = 0; r < rows; r++) {
                    total += ((double) tile[maxAt + r] - tile[labelAt + r]) + Math.log(tile[sumAt + r]);
                    int gi = offG + (i0 + r) * ldg;
                    for (int c = 0; c < n; c++) {
                        grad[gi + c] = tile[c * lanes + r];
                    }
                    grad[gi + labels[offLabels + i0 + r]] -= invM;
                }
            }
            return total / m;
        } finally {
            Scratch.give(Scratch.Slot.SOFTMAX_TILE, tile);
        }
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

    /**
     * Writes exp(x − max) into y and returns its sum. The sum is a second pass over y (in cache) in its own method:
     * fused into the exp loop, C2 would not inline the lane reduction after the exp polynomial
     * (NodeCountInliningCutoff) and boxed the accumulator on every call — 96 bytes per row. Same bits either way:
     * the lanes accumulate the same values in the same order. The last partial vector goes through {@code tail}
     * (L floats, padded with −∞) and the same loop: a second exp call site for a masked tail was not inlined by
     * C2 (NodeCountInliningCutoff, or "callee is too large" on its own) and boxed its argument and result on every
     * row — 192 bytes a row, 786 KB per 4096×1000 call. Lanes are independent, so the bits are the masked form's.
     */
    private static float expShiftedInto(float[] x, int xi, int n, float max, float[] y, int yi, float[] tail) {
        int full = F.loopBound(n), rest = n - full;
        expLoop(x, xi, full, max, y, yi);
        if (rest > 0) {
            System.arraycopy(x, xi + full, tail, 0, rest);
            java.util.Arrays.fill(tail, rest, F.length(), Float.NEGATIVE_INFINITY);
            expLoop(tail, 0, F.length(), max, tail, 0);
            System.arraycopy(tail, 0, y, yi + full, rest);
        }
        return rowSum(y, yi, n);
    }

    /** y[yi + j] = exp(x[xi + j] − max) for j in [0, count), count a multiple of L: one exp call site, in the loop. */
    private static void expLoop(float[] x, int xi, int count, float max, float[] y, int yi) {
        for (int j = 0; j < count; j += F.length()) {
            VectorMath.exp(FloatVector.fromArray(F, x, xi + j).sub(max)).intoArray(y, yi + j);
        }
    }

    /** Σ y[yi..yi+n) by lanes over the vectors, then the fixed butterfly of {@link VectorMath#sum}. */
    private static float rowSum(float[] y, int yi, int n) {
        FloatVector acc = FloatVector.zero(F);
        int j = 0;
        for (int upper = F.loopBound(n); j < upper; j += F.length()) {
            acc = acc.add(FloatVector.fromArray(F, y, yi + j));
        }
        if (j < n) {
            acc = acc.add(FloatVector.fromArray(F, y, yi + j, F.indexInRange(j, n)));   // masked-off lanes read 0
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
