package dev.lanewise.layers;

import dev.lanewise.kernels.KernelThreads;

/** Thread counts used by layers. */
final class Threads {
    /** The kernels' default: all cores unless {@code lanewise.threads} says otherwise. */
    static final int DEFAULT = KernelThreads.defaultCount();

    private Threads() {
    }

    static int check(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: expected >= 1, got " + threads);
        }
        return threads;
    }
}
