package dev.lanewise.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector elementwise activations; exp and tanh come from {@link VectorMath}, which is bit-reproducible in every JIT mode. */
public final class VectorActivations {
    private static final VectorSpecies<Float> F = Lanes.F;

    private VectorActivations() {
    }

    /** y = max(x, 0), lane-wise {@link Math#max(float, float)} semantics (NaN stays NaN). */
    public static void relu(int n, float[] x, int offX, float[] y, int offY) {
        FloatVector zero = FloatVector.zero(F);
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            FloatVector.fromArray(F, x, offX + i).max(zero).intoArray(y, offY + i);
        }
        for (; i < n; i++) {
            y[offY + i] = Math.max(x[offX + i], 0f);
        }
    }

    public static void reluBackward(int n, float[] dy, int offDy, float[] z, int offZ, float[] dx, int offDx) {
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            VectorMask<Float> positive = FloatVector.fromArray(F, z, offZ + i).compare(VectorOperators.GT, 0f);
            FloatVector.zero(F).blend(FloatVector.fromArray(F, dy, offDy + i), positive).intoArray(dx, offDx + i);
        }
        for (; i < n; i++) {
            dx[offDx + i] = z[offZ + i] > 0f ? dy[offDy + i] : 0f;
        }
    }

    /**
     * σ(x) with e = exp(−|x|), which never overflows: σ = 1/(1+e) for x ≥ 0 and e/(1+e) for x < 0, so the
     * tiny (subnormal) results for x below −88 are computed instead of flushed to 0.
     */
    public static void sigmoid(int n, float[] x, int offX, float[] y, int offY) {
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, offX + i);
            FloatVector e = VectorMath.exp(v.abs().neg());
            FloatVector r = FloatVector.broadcast(F, 1f).div(e.add(1f));
            r.blend(e.mul(r), v.compare(VectorOperators.LT, 0f)).intoArray(y, offY + i);
        }
        for (; i < n; i++) {
            float v = x[offX + i];
            float e = (float) Math.exp(-Math.abs(v));
            float r = 1f / (1f + e);
            y[offY + i] = v < 0f ? e * r : r;
        }
    }

    public static void sigmoidBackward(int n, float[] y, int offY, float[] dy, int offDy, float[] dx, int offDx) {
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            FloatVector s = FloatVector.fromArray(F, y, offY + i);
            FloatVector oneMinus = FloatVector.broadcast(F, 1f).sub(s);
            FloatVector.fromArray(F, dy, offDy + i).mul(s).mul(oneMinus).intoArray(dx, offDx + i);
        }
        for (; i < n; i++) {
            float s = y[offY + i];
            dx[offDx + i] = dy[offDy + i] * s * (1f - s);
        }
    }

    public static void tanh(int n, float[] x, int offX, float[] y, int offY) {
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            VectorMath.tanh(FloatVector.fromArray(F, x, offX + i)).intoArray(y, offY + i);
        }
        for (; i < n; i++) {
            y[offY + i] = (float) Math.tanh(x[offX + i]);
        }
    }

    public static void tanhBackward(int n, float[] y, int offY, float[] dy, int offDy, float[] dx, int offDx) {
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            FloatVector t = FloatVector.fromArray(F, y, offY + i);
            // 1 − t² as (1 − t)(1 + t): no cancellation when |t| is close to 1.
            FloatVector oneMinusSq = FloatVector.broadcast(F, 1f).sub(t).mul(t.add(1f));
            FloatVector.fromArray(F, dy, offDy + i).mul(oneMinusSq).intoArray(dx, offDx + i);
        }
        for (; i < n; i++) {
            float t = y[offY + i];
            dx[offDx + i] = dy[offDy + i] * ((1f - t) * (1f + t));
        }
    }
}
