package dev.lanewise.kernels.reference;

import dev.lanewise.kernels.Activation;

/** Plain loops for {@code Y = act(Z + b)} with b broadcast along rows. */
public final class ReferenceBiasActivation {
    private ReferenceBiasActivation() {
    }

    public static void forward(Activation act, int m, int n, float[] z, int offZ, int ldz,
                               float[] bias, int offBias, float[] y, int offY, int ldy) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float v = z[offZ + i * ldz + j] + bias[offBias + j];
                y[offY + i * ldy + j] = act == Activation.RELU ? Math.max(v, 0f) : v;
            }
        }
    }
}
