package dev.lanewise.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector column sums (bit-identical to the reference: same row order per column) and row argmax. */
public final class VectorMatrixReductions {
    private static final VectorSpecies<Float> F = Lanes.F;

    private VectorMatrixReductions() {
    }

    public static void columnSums(int m, int n, float[] a, int offA, int lda, float[] out, int offOut) {
        java.util.Arrays.fill(out, offOut, offOut + n, 0f);
        int upper = F.loopBound(n);
        for (int i = 0; i < m; i++) {
            int ai = offA + i * lda;
            int j = 0;
            for (; j < upper; j += F.length()) {
                FloatVector.fromArray(F, out, offOut + j).add(FloatVector.fromArray(F, a, ai + j))
                        .intoArray(out, offOut + j);
            }
            for (; j < n; j++) {
                out[offOut + j] += a[ai + j];
            }
        }
    }

    public static void rowArgmax(int m, int n, float[] a, int offA, int lda, int[] out, int offOut) {
        for (int i = 0; i < m; i++) {
            out[offOut + i] = argmax(a, offA + i * lda, n);
        }
    }

    /** Two sweeps: the maximum (MAX propagates NaN, so a NaN row max means "first NaN"), then its first index. */
    private static int argmax(float[] a, int off, int n) {
        int upper = F.loopBound(n);
        float max = Float.NEGATIVE_INFINITY;
        int j = 0;
        if (upper > 0) {
            FloatVector acc = FloatVector.fromArray(F, a, off);
            for (j = F.length(); j < upper; j += F.length()) {
                acc = acc.max(FloatVector.fromArray(F, a, off + j));
            }
            max = acc.reduceLanes(VectorOperators.MAX);
        }
        for (; j < n; j++) {
            max = Math.max(max, a[off + j]);
        }
        return Float.isNaN(max) ? firstNaN(a, off, n) : firstEqual(a, off, n, max);
    }

    private static int firstEqual(float[] a, int off, int n, float max) {
        int upper = F.loopBound(n);
        int j = 0;
        for (; j < upper; j += F.length()) {
            VectorMask<Float> hit = FloatVector.fromArray(F, a, off + j).compare(VectorOperators.EQ, max);
            if (hit.anyTrue()) {
                return j + hit.firstTrue();
            }
        }
        for (; j < n; j++) {
            if (a[off + j] == max) {
                return j;
            }
        }
        throw new AssertionError("row maximum " + max + " not found");
    }

    private static int firstNaN(float[] a, int off, int n) {
        int upper = F.loopBound(n);
        int j = 0;
        for (; j < upper; j += F.length()) {
            VectorMask<Float> hit = FloatVector.fromArray(F, a, off + j).test(VectorOperators.IS_NAN);
            if (hit.anyTrue()) {
                return j + hit.firstTrue();
            }
        }
        for (; j < n; j++) {
            if (Float.isNaN(a[off + j])) {
                return j;
            }
        }
        throw new AssertionError("row maximum NaN not found");
    }
}
