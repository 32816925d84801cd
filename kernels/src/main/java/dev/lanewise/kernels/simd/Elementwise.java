package dev.lanewise.kernels.simd;

/**
 * Splits an elementwise kernel over [0, n) into contiguous ranges for up to {@code threads} threads. Every element
 * is computed by the same code whichever range holds it (range starts are multiples of 64, so a range's vector
 * loop and tail cover the same elements as the whole array's would), so the bits never depend on the count.
 */
final class Elementwise {
    /**
     * Floats per part at least: 32K (128 KB per stream). The optimizer updates are memory-bound streams of 3–7
     * arrays; below this a helper's wake-up (tens of microseconds) costs more than the second core's bandwidth wins.
     */
    static final int MIN_PART = 1 << 15;
    private static final int ALIGN = 64;

    /** The kernel on elements [from, from + length). */
    interface Range {
        void run(int from, int length);
    }

    private Elementwise() {
    }

    /** How many parts {@link #run} makes: 1 (the caller alone) below two parts' worth of elements. */
    static int parts(int threads, int n) {
        return Math.max(1, Math.min(threads, n / MIN_PART));
    }

    static void run(int threads, int n, Range range) {
        int parts = parts(threads, n);
        if (parts <= 1) {
            range.run(0, n);
            return;
        }
        int blocks = (n + ALIGN - 1) / ALIGN;
        ParallelParts.run(parts, part -> {
            int from = (int) ((long) blocks * part / parts) * ALIGN;
            int to = Math.min(n, (int) ((long) blocks * (part + 1) / parts) * ALIGN);
            range.run(from, to - from);
        });
    }
}
