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
        for (int i = 0; i < m; i++) {
            if (relu) {
                reluRow(n, z, offZ + i * ldz, bias, offBias, y, offY + i * ldy);
            } else {
                identityRow(n, z, offZ + i * ldz, bias, offBias, y, offY + i * ldy);
            }
        }
    }

    // Separate loops rather than a conditional inside one: no vector value flows through a branch merge,
    // which keeps C2 from materializing vector boxes.
    private static void reluRow(int n, float[] z, int zi, float[] bias, int bi, float[] y, int yi) {
        int j = 0;
        for (int upper = F.loopBound(n); j < upper; j += F.length()) {
            FloatVector.fromArray(F, z, zi + j).add(FloatVector.fromArray(F, bias, bi + j)).max(0f)
                    .intoArray(y, yi + j);
        }
        for (; j < n; j++) {
            y[yi + j] = Math.max(z[zi + j] + bias[bi + j], 0f);
        }
    }

    private static void identityRow(int n, float[] z, int zi, float[] bias, int bi, float[] y, int yi) {
        int j = 0;
        for (int upper = F.loopBound(n); j < upper; j += F.length()) {
            FloatVector.fromArray(F, z, zi + j).add(FloatVector.fromArray(F, bias, bi + j)).intoArray(y, yi + j);
        }
        for (; j < n; j++) {
            y[yi + j] = z[zi + j] + bias[bi + j];
        }
    }
}
