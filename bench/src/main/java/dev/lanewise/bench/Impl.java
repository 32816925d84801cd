package dev.lanewise.bench;

/**
 * The {@code impl} parameter of every non-GEMM suite: the vector kernel through its public facade, or its scalar
 * reference twin through {@code KernelProvider.reference()}, measured in the same run.
 */
public enum Impl {
    VECTOR, SCALAR
}
