package dev.lanewise.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Vector level-1 kernels. */
public final class VectorBlas1 {
    private static final VectorSpecies<Float> F = Lanes.F;
    /** Float lanes are flushed into a double total every this many vectors, bounding the float error growth. */
    private static final int CHUNK_VECTORS = 64;

    private VectorBlas1() {
    }

    public static void axpy(int n, float alpha, float[] x, int offX, float[] y, int offY) {
        FloatVector a = FloatVector.broadcast(F, alpha);
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            FloatVector.fromArray(F, x, offX + i).fma(a, FloatVector.fromArray(F, y, offY + i)).intoArray(y, offY + i);
        }
        for (; i < n; i++) {
            y[offY + i] = Math.fma(alpha, x[offX + i], y[offY + i]);
        }
    }

    public static void multiply(int n, float[] x, int offX, float[] y, int offY, float[] out, int offOut) {
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            FloatVector.fromArray(F, x, offX + i).mul(FloatVector.fromArray(F, y, offY + i)).intoArray(out, offOut + i);
        }
        for (; i < n; i++) {
            out[offOut + i] = x[offX + i] * y[offY + i];
        }
    }

    public static void scale(int n, float alpha, float[] x, int offX) {
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            FloatVector.fromArray(F, x, offX + i).mul(alpha).intoArray(x, offX + i);
        }
        for (; i < n; i++) {
            x[offX + i] *= alpha;
        }
    }

    public static double squaredNorm(int n, float[] x, int offX) {
        double total = 0;
        int i = 0;
        int upper = F.loopBound(n);
        while (i < upper) {
            int end = Math.min(upper, i + CHUNK_VECTORS * F.length());
            FloatVector acc = FloatVector.zero(F);
            for (; i < end; i += F.length()) {
                FloatVector v = FloatVector.fromArray(F, x, offX + i);
                acc = v.fma(v, acc);
            }
            total += VectorMath.sum(acc);
        }
        for (; i < n; i++) {
            total += (double) x[offX + i] * x[offX + i];
        }
        return total;
    }

    public static double sum(int n, float[] x, int offX) {
        double total = 0;
        int i = 0;
        int upper = F.loopBound(n);
        while (i < upper) {
            int end = Math.min(upper, i + CHUNK_VECTORS * F.length());
            FloatVector acc = FloatVector.zero(F);
            for (; i < end; i += F.length()) {
                acc = acc.add(FloatVector.fromArray(F, x, offX + i));
            }
            total += VectorMath.sum(acc);
        }
        for (; i < n; i++) {
            total += x[offX + i];
        }
        return total;
    }
}
