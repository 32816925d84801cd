package dev.lanewise.bench;

import java.util.SplittableRandom;

/** Seeded inputs for the benchmarks: values in [lo, hi), never denormal, reproducible across runs. */
final class BenchData {
    private BenchData() {
    }

    static float[] uniform(long seed, int n, float lo, float hi) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + (float) rnd.nextDouble() * (hi - lo);
        }
        return a;
    }

    static int[] labels(long seed, int n, int classes) {
        return new SplittableRandom(seed).ints(n, 0, classes).toArray();
    }
}
