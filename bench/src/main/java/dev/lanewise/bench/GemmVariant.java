package dev.lanewise.bench;

import dev.lanewise.kernels.GemmStrategy;

/**
 * The {@code strategy} parameter of {@link GemmBench}: every lanewise {@link GemmStrategy} by its own name,
 * {@link #PREPACKED} (B packed once before timing, {@code PackedMatrix}, as a layer's weights are), and
 * {@link #OPENBLAS}, the native baseline ({@code cblas_sgemm} through bytedeco's OpenBLAS build) on the same data.
 */
public enum GemmVariant {
    AUTO, NAIVE, VECTOR_DOT, VECTOR_AXPY, PACKED, DIRECT, PREPACKED, OPENBLAS;

    /** The lanewise strategy this variant runs with B as given, or null for the others. */
    GemmStrategy kernelStrategy() {
        return this == OPENBLAS || this == PREPACKED ? null : GemmStrategy.valueOf(name());
    }
}
