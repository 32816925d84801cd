package dev.lanewise.kernels.reference;

import java.util.SplittableRandom;

/** Random masks, drawn sequentially from one seeded {@link SplittableRandom} so a seed fixes every element. */
public final class ReferenceMasks {
    private ReferenceMasks() {
    }

    /** Inverted-dropout mask: element i is 0 with probability p (draw i below p), else 1/(1 − p). */
    public static void dropout(int n, float p, long seed, float[] mask, int offMask) {
        SplittableRandom rng = new SplittableRandom(seed);
        float keep = 1f / (1f - p);
        for (int i = 0; i < n; i++) {
            mask[offMask + i] = rng.nextFloat() < p ? 0f : keep;
        }
    }
}
