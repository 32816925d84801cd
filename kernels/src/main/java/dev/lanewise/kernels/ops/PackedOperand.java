package dev.lanewise.kernels.ops;

/**
 * op(B) of a GEMM packed by one {@link KernelOps} implementation for its own packed product: immutable, holding
 * its own copy of the values.
 */
public interface PackedOperand {
    /** Rows of op(B) (the product's k). */
    int k();

    /** Columns of op(B) (the product's n). */
    int n();

    /**
     * Whether an m-row product against this operand computes exactly what the unpacked call with
     * {@link dev.lanewise.kernels.GemmStrategy#AUTO} computes on the original B, bit for bit.
     */
    boolean matchesAuto(int m);
}
