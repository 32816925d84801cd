package dev.lanewise.bench;

import dev.lanewise.kernels.GemmStrategy;

/**
 * The {@code strategy} parameter of {@link GemmBench}: every lanewise {@link GemmStrategy} by its own name, plus
 * {@link #OPENBLAS}, the native baseline ({@code cblas_sgemm} through bytedeco's OpenBLAS build) on the same data.
 */
public enum GemmVariant {
    AUTO, NAIVE, VECTOR_DOT, VECTOR_AXPY, PACKED, OPENBLAS;

    /** The lanewise strategy this variant runs, or null for a peer. */
    GemmStrategy kernelStrategy() {
        return this == OPENBLAS ? null : GemmStrategy.valueOf(name());
    }
}
