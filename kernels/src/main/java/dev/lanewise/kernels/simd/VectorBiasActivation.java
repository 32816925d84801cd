package dev.lanewise.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Vector {@code Y = act(Z + b)}: one load of Z, one add, optionally one max, one store per vector. */
public final class VectorBiasActivation {
    private static final VectorSpecies<Float> F = Lanes.F;

    private VectorBiasActivation() {
    }

    public static void forward(boolean relu, int m, int n, float[] z, int offZ, int ldz,
                               float[] bias, int offBias, float[] y, int offY, int ldy) {
        int upper = F.loopBound(n);
        for (int i = 0; i < m; i++) {
            int zi = offZ + i * ldz;
            int yi = offY + i * ldy;
            int j = 0;
            for (; j < upper; j += F.length()) {
                FloatVector v = FloatVector.fromArray(F, z, zi + j).add(FloatVector.fromArray(F, bias, offBias + j));
                if (relu) {
                    v = v.max(0f);
                }
                v.intoArray(y, yi + j);
            }
            for (; j < n; j++) {
                float v = z[zi + j] + bias[offBias + j];
                y[yi + j] = relu ? Math.max(v, 0f) : v;
            }
        }
    }
}
