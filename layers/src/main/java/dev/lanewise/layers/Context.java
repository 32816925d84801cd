package dev.lanewise.layers;

/** Per-call settings of a training pass: the seed of this step's randomness and the GEMM thread count. */
record Context(long seed, int threads, int layerIndex) {
    Context at(int index) {
        return new Context(seed, threads, index);
    }

    /** A seed for layer {@code layerIndex} of this step (SplitMix64 finalizer of seed and index). */
    long layerSeed() {
        long z = seed + 0x9E3779B97F4A7C15L * (layerIndex + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
