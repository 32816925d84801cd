package dev.lanewise.spark;

/**
 * Seeds derived from the run's seed and a position (epoch, partition, batch): one 64-bit mix per part
 * (Stafford's variant 13 of MurmurHash3's finalizer, as {@link java.util.SplittableRandom} uses), so every task
 * draws the same numbers wherever and however often it runs.
 */
final class Seeds {
    private Seeds() {
    }

    static long of(long seed, long... parts) {
        long h = mix(seed ^ 0x6A09E667F3BCC909L);
        for (long p : parts) {
            h = mix(h + 0x9E3779B97F4A7C15L * (p + 1));
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
