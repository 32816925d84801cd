package dev.lanewise.kernels.ops;

import dev.lanewise.kernels.Vectorization;
import dev.lanewise.kernels.simd.VectorOps;

/**
 * Chooses, once per JVM, the {@link KernelOps} every public facade delegates to: the Vector API implementation
 * when {@link Vectorization} enabled it (module present, species of at least 128 bits, not forced off by
 * {@code lanewise.vectorBits=0}; that decision is logged once there), else {@link ReferenceOps}. The choice is a
 * {@code static final} constant, so the JIT binds every facade call to one implementation.
 *
 * <p>Not exported: tests use it to run both implementations side by side in one JVM, benchmarks to reach the
 * reference as their scalar baseline (both run on the class path).
 */
public final class KernelProvider {
    private static final KernelOps ACTIVE = Vectorization.isEnabled() ? VectorOps.INSTANCE : ReferenceOps.INSTANCE;

    private KernelProvider() {
    }

    /** The implementation the facades use. */
    public static KernelOps active() {
        return ACTIVE;
    }

    /** The plain-loop reference implementation, always available. */
    public static KernelOps reference() {
        return ReferenceOps.INSTANCE;
    }

    /**
     * The Vector API implementation at the species {@link Vectorization} chose.
     *
     * @throws IllegalStateException when the vector path is not enabled in this JVM
     */
    public static KernelOps vector() {
        if (!Vectorization.isEnabled()) {
            throw new IllegalStateException("vector kernels: expected the Vector API to be enabled, got "
                    + Vectorization.describe());
        }
        return VectorOps.INSTANCE;
    }
}
