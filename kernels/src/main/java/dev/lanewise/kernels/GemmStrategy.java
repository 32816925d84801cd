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
    PACKED,
    /**
     * The packed strategy's 6-row register tile without the packing: op(A) and the rows of B read in place (Bᵀ is
     * transposed into a per-thread buffer first), leftover rows and columns by broadcast-FMA rows. For products
     * whose B fits in the L2 cache — there, copying the operands into panels costs more than it saves (64³: 6.4 µs
     * packed, 4.9 µs direct). One thread.
     */
    DIRECT
}
