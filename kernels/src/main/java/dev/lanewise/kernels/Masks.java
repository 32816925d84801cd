package dev.lanewise.kernels;

import dev.lanewise.kernels.ops.KernelProvider;

/** Random masks drawn from a seed, so a seeded training run is reproducible bit for bit. */
public final class Masks {
    private Masks() {
    }

    /**
     * The inverted-dropout mask of n elements: each is 0 with probability p and 1/(1 − p) otherwise, drawn in
     * order from one {@link java.util.SplittableRandom} seeded with {@code seed}. Apply it with
     * {@link Blas1#multiply}, forward and backward.
     */
    public static void dropout(int n, float p, long seed, float[] mask, int offMask) {
        Checks.notNull(mask, "mask");
        Checks.nonNegative(n, "n");
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("p: expected a probability in [0, 1), got " + p);
        }
        Checks.vectorFits(mask, offMask, n, "mask", "offMask");
        KernelProvider.active().dropoutMask(n, p, seed, mask, offMask);
    }
}
