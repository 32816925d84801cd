package dev.lanewise.bench;

import java.util.SplittableRandom;

/**
 * A peer's GEMM result checked before it is timed, so a wrong layout or transpose flag cannot pass for speed:
 * sampled elements of C against the product in double precision, each within the standard float32 dot-product
 * bound {@code 2·k·eps·Σ|a·b|} (any summation order satisfies it).
 */
final class GemmCheck {
    private static final int SAMPLES = 64;
    private static final double EPS = Math.ulp(1f);

    private GemmCheck() {
    }

    static void requireProduct(String who, GemmShape s, float[] a, float[] b, float[] c) {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int t = 0; t < SAMPLES; t++) {
            int i = rnd.nextInt(s.m()), j = rnd.nextInt(s.n());
            double exact = 0, magnitude = 0;
            for (int p = 0; p < s.k(); p++) {
                double x = a[s.transA() ? p * s.lda() + i : i * s.lda() + p];
                double y = b[s.transB() ? j * s.ldb() + p : p * s.ldb() + j];
                exact += x * y;
                magnitude += Math.abs(x * y);
            }
            double got = c[i * s.n() + j], bound = 2 * s.k() * EPS * magnitude;
            if (!(Math.abs(got - exact) <= bound)) {
                throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                        "%s computed C[%d,%d] = %s for %s, expected %s within %.3g", who, i, j, got, s, exact, bound));
            }
        }
    }
}
