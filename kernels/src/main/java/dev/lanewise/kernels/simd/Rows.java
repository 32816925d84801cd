package dev.lanewise.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Vector helpers over one contiguous run of floats. */
final class Rows {
    private static final VectorSpecies<Float> F = Lanes.F;

    private Rows() {
    }

    /** x[off..off+n) *= beta, with beta == 0 writing zeros without reading x (BLAS semantics: NaN does not leak). */
    static void scale(float[] x, int off, int n, float beta) {
        if (beta == 1f) {
            return;
        }
        if (beta == 0f) {
            java.util.Arrays.fill(x, off, off + n, 0f);
            return;
        }
        int j = 0;
        for (int upper = F.loopBound(n); j < upper; j += F.length()) {
            FloatVector.fromArray(F, x, off + j).mul(beta).intoArray(x, off + j);
        }
        for (; j < n; j++) {
            x[off + j] *= beta;
        }
    }
}
