package dev.lanewise.layers;

import java.util.SplittableRandom;

/** Seeded random tensors and labels for tests. */
final class TestData {
    private TestData() {
    }

    static Tensor uniform(long seed, float lo, float hi, int... shape) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor z = Tensor.zeros(shape);
        float[] v = new float[z.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextDouble(lo, hi);
        }
        return Tensor.of(v, shape);
    }

    static int[] labels(long seed, int n, int classes) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(classes);
        }
        return y;
    }
}
