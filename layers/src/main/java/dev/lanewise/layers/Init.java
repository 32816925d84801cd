package dev.lanewise.layers;

import java.util.SplittableRandom;

/** Weight initializers; each draws from a {@link SplittableRandom} seeded by the caller, so results are reproducible. */
@FunctionalInterface
public interface Init {
    /** {@code count} weights for a layer with the given fan-in and fan-out. */
    float[] sample(int fanIn, int fanOut, long count, long seed);

    /** He (Kaiming) normal: N(0, 2 / fanIn), for ReLU networks. */
    static Init heNormal() {
        return (fanIn, fanOut, count, seed) -> gaussian(count, Math.sqrt(2.0 / fanIn), seed);
    }

    /** Xavier (Glorot) uniform: U(−a, a) with a = √(6 / (fanIn + fanOut)). */
    static Init xavierUniform() {
        return (fanIn, fanOut, count, seed) -> {
            double a = Math.sqrt(6.0 / (fanIn + fanOut));
            SplittableRandom rng = new SplittableRandom(seed);
            float[] w = new float[length(count)];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) rng.nextDouble(-a, a);
            }
            return w;
        };
    }

    /** N(0, std²). */
    static Init gaussian(double std) {
        if (!(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("std: expected a finite value >= 0, got " + std);
        }
        return (fanIn, fanOut, count, seed) -> gaussian(count, std, seed);
    }

    /** All zeros. */
    static Init zeros() {
        return (fanIn, fanOut, count, seed) -> new float[length(count)];
    }

    /** {@code count} as an array length, or an exception naming it and the limit. */
    private static int length(long count) {
        if (count < 0 || count > Tensor.MAX_ELEMENTS) {
            throw new IllegalArgumentException("count: expected 0 to " + Tensor.MAX_ELEMENTS
                    + " weights (the largest Java array), got " + count);
        }
        return (int) count;
    }

    private static float[] gaussian(long count, double std, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] w = new float[length(count)];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (rng.nextGaussian() * std);
        }
        return w;
    }
}
