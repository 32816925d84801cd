package dev.lanewise.kernels;

/** How {@link Gemm#sgemm(GemmStrategy, int, boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int)} computes. */
public enum GemmStrategy {
    /** Picks a strategy from the shape and transposes; what the short form of {@code sgemm} uses. */
    AUTO,
    /** The scalar reference ({@link dev.lanewise.kernels.reference.ReferenceGemm}), netlib loop order. */
    NAIVE,
    /**
     * One dot product per element of C: rows of op(A) against columns of op(B), four columns of C at a time,
     * with the operands that are not contiguous along k transposed into a per-thread buffer first.
     */
    VECTOR_DOT,
    /**
     * Broadcast-FMA rows: each row of C accumulates {@code alpha·op(A)[i,p] · op(B)[p,:]}, four p at a time so C
     * stays in registers across four FMAs; op(B) is transposed into a per-thread buffer when it is Bᵀ.
     */
    VECTOR_AXPY,
    /**
     * BLIS-style: five loops around an MR×NR register-tiled micro-kernel, op(A) packed into MR-row panels and
     * op(B) into NR-column panels, blocked by KC, MC and NC for the cache hierarchy ({@link GemmBlocking}).
     * Uses up to {@code threads} threads by splitting m or n, never k: results do not depend on the count.
     */
    PACKED
}
