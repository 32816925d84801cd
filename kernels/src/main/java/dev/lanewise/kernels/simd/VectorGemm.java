package dev.lanewise.kernels.simd;

import dev.lanewise.kernels.GemmBlocking;
import dev.lanewise.kernels.GemmStrategy;
import dev.lanewise.kernels.reference.ReferenceGemm;

/**
 * The vector GEMM entry points, trusting their arguments: the empty and {@code C = beta·C} cases (alpha == 0 or
 * k == 0 read neither A nor B, BLAS semantics), then the strategy — {@link GemmStrategy#AUTO} resolved by
 * {@link #choose}, {@link GemmStrategy#NAIVE} the reference triple loop.
 */
final class VectorGemm {
    private VectorGemm() {
    }

    static void sgemm(GemmStrategy strategy, int threads, boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int offA, int lda, float[] b, int offB, int ldb,
                      float beta, float[] c, int offC, int ldc) {
        if (trivial(transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc)) {
            return;
        }
        GemmStrategy chosen = strategy == GemmStrategy.AUTO ? choose(transA, transB, m, n, k) : strategy;
        switch (chosen) {
            case VECTOR_AXPY -> AxpyGemm.sgemm(transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb,
                    beta, c, offC, ldc);
            case PACKED -> PackedGemm.sgemm(GemmBlocking.forProduct(m, n), threads, transA, transB, m, n, k,
                    alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
            case VECTOR_DOT -> DotGemm.sgemm(threads, transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb,
                    beta, c, offC, ldc);
            case DIRECT -> DirectGemm.sgemm(threads, transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb,
                    beta, c, offC, ldc);
            case NAIVE, AUTO -> ReferenceGemm.sgemm(transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb,
                    beta, c, offC, ldc);
        }
    }

    /** The packed strategy with an explicit blocking, whose tile {@link VectorOps#requireSupported} accepted. */
    static void sgemm(GemmBlocking blocking, int threads, boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int offA, int lda, float[] b, int offB, int ldb,
                      float beta, float[] c, int offC, int ldc) {
        if (trivial(transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc)) {
            return;
        }
        PackedGemm.sgemm(blocking, threads, transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb,
                beta, c, offC, ldc);
    }

    /**
     * Handles the products with nothing to multiply: m or n == 0 (nothing to do), alpha == 0 or k == 0 (only
     * C = beta·C, and A and B are never read). Returns whether it did.
     */
    private static boolean trivial(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                   float[] a, int offA, int lda, float[] b, int offB, int ldb,
                                   float beta, float[] c, int offC, int ldc) {
        if (m == 0 || n == 0) {
            return true;
        }
        if (alpha == 0f || k == 0) {
            ReferenceGemm.sgemm(transA, transB, m, n, 0, 0f, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
            return true;
        }
        return false;
    }

    /** The L2 cache of one core: what the direct form's operands must share (see {@link #choose}). */
    private static final long L2_BYTES = dev.lanewise.kernels.CacheSizes.detect().l2();

    /**
     * The strategy {@link GemmStrategy#AUTO} resolves to (measurements in docs/measurements.md):
     * <ul>
     *   <li>k under two vectors: the dot form has nothing to vectorize, the broadcast-FMA form does.</li>
     *   <li>n under one packed tile width (NR): a packed tile would be mostly padding; the dot form.</li>
     *   <li>m under one tile height (MR): a GEMV-like shape, no tile to fill; the form that needs no transposition.</li>
     *   <li>Neither operand transposed, and A with one 2L-column block of B fitting in the L2 cache together
     *       (4·k·(m + 2L) bytes): the direct form, the packed tile on the operands in place — every row tile of A
     *       is read once per column block, every column block of B once per row tile, all from L2, so packing
     *       would only add a copy. With Aᵀ the direct form's broadcasts stride across A's rows; it is taken only for
     *       products under the parallel threshold with B in half the L2 (a training step's 300×784×64 weight
     *       gradient ran ~50 µs slower direct than packed, though alone it measured faster).</li>
     *   <li>otherwise packed.</li>
     * </ul>
     * The choice depends on the shape alone, never on the thread count: results stay bit-identical across it.
     */
    static GemmStrategy choose(boolean transA, boolean transB, int m, int n, int k) {
        if (k < 2 * Lanes.F.length()) {
            return GemmStrategy.VECTOR_AXPY;
        }
        GemmBlocking blocking = GemmBlocking.current();
        if (n < blocking.nr()) {
            return GemmStrategy.VECTOR_DOT;
        }
        if (m < blocking.mr()) {
            return transB ? GemmStrategy.VECTOR_DOT : GemmStrategy.VECTOR_AXPY;
        }
        if (!transB && m >= DirectGemm.MR && (transA
                ? (long) m * n * k < PackedGemm.PARALLEL_THRESHOLD && 4L * k * n <= L2_BYTES / 2
                : 4L * k * (m + 2L * Lanes.L) <= L2_BYTES)) {
            return GemmStrategy.DIRECT;
        }
        return GemmStrategy.PACKED;
    }
}
