package dev.lanewise.layers;

/** Thread counts used by layers. */
final class Threads {
    /** The kernels' default: all cores unless {@code lanewise.threads} says otherwise. */
    static final int DEFAULT = dev.lanewise.kernels.Threads.defaultCount();

    private Threads() {
    }

    static int check(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: expected >= 1, got " + threads);
        }
        return threads;
    }
}
