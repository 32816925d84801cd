package dev.lanewise.kernels;

import dev.lanewise.kernels.ops.KernelProvider;

/**
 * Single-precision general matrix multiply, row-major (CBLAS {@code CblasRowMajor} semantics).
 *
 * <p>{@code C = alpha · op(A) · op(B) + beta · C} where op(X) is X or Xᵀ, op(A) is m×k, op(B) is k×n and C
 * is m×n. A stored matrix with {@code cols} columns at offset {@code off} with leading dimension {@code ld}
 * needs {@code ld >= max(1, cols)} and {@code (rows-1)·ld + cols} elements from {@code off}. beta == 0
 * ignores C's old contents (NaN included); alpha == 0 or k == 0 reads neither A nor B; m, n or k == 0 are
 * legal. Aliasing: C must share no element with A or B (an in-place {@code A := A·B} is rejected); A and B may
 * overlap freely, and disjoint ranges of one array are legal for all three. Every argument is checked before
 * any work.
 */
public final class Gemm {
    private Gemm() {
    }

    /** C = alpha·op(A)·op(B) + beta·C, with the {@link GemmStrategy#AUTO} strategy and the default threads. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int offA, int lda,
                             float[] b, int offB, int ldb,
                             float beta, float[] c, int offC, int ldc) {
        sgemm(GemmStrategy.AUTO, KernelThreads.defaultCount(), transA, transB, m, n, k,
                alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
    }

    /**
     * The profiling overload: same semantics, computed by {@code strategy} with up to {@code threads} threads
     * (strategies that cannot use threads ignore it). Results do not depend on the thread count.
     */
    public static void sgemm(GemmStrategy strategy, int threads,
                             boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int offA, int lda,
                             float[] b, int offB, int ldb,
                             float beta, float[] c, int offC, int ldc) {
        Checks.notNull(strategy, "strategy");
        checkArguments(threads, transA, transB, m, n, k, a, offA, lda, b, offB, ldb, c, offC, ldc);
        KernelProvider.active().sgemm(strategy, threads, transA, transB, m, n, k,
                alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
    }

    /**
     * The packed strategy with an explicit blocking instead of {@link GemmBlocking#current()}: for tuning and
     * profiling block sizes. Same semantics and checks as the other overloads; the blocking's tile must have a
     * micro-kernel at the species in use. On the scalar path the reference runs (the blocking is ignored).
     */
    public static void sgemm(GemmBlocking blocking, int threads,
                             boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int offA, int lda,
                             float[] b, int offB, int ldb,
                             float beta, float[] c, int offC, int ldc) {
        Checks.notNull(blocking, "blocking");
        checkArguments(threads, transA, transB, m, n, k, a, offA, lda, b, offB, ldb, c, offC, ldc);
        KernelProvider.active().requireSupported(blocking);
        KernelProvider.active().sgemm(blocking, threads, transA, transB, m, n, k,
                alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
    }

    /**
     * C = alpha·op(A)·B + beta·C against a B packed ahead ({@link PackedMatrix#packB}): op(A) is m×{@code b.k()},
     * C is m×{@code b.n()}, same semantics and checks as the other overloads, up to {@code threads} threads (results
     * do not depend on the count). Where {@link PackedMatrix#matchesAuto(int) b.matchesAuto(m)}, the bits equal
     * the unpacked {@link GemmStrategy#AUTO} call on the source of {@code b}.
     */
    public static void sgemm(int threads, boolean transA, int m, float alpha, float[] a, int offA, int lda,
                             PackedMatrix b, float beta, float[] c, int offC, int ldc) {
        Checks.notNull(b, "b");
        Checks.positive(threads, "threads");
        Checks.notNull(a, "a");
        Checks.notNull(c, "c");
        Checks.nonNegative(m, "m");
        int k = b.k(), n = b.n();
        int aRows = transA ? k : m, aCols = transA ? m : k;
        Checks.leadingDimension(lda, aCols, "lda");
        Checks.leadingDimension(ldc, n, "ldc");
        Checks.matrixFits(a, offA, aRows, aCols, lda, "a", "offA");
        Checks.matrixFits(c, offC, m, n, ldc, "c", "offC");
        Checks.disjoint(c, offC, m, n, ldc, "c", a, offA, aRows, aCols, lda, "a");
        KernelProvider.active().sgemm(threads, transA, m, alpha, a, offA, lda, b.operand(), beta, c, offC, ldc);
    }

    private static void checkArguments(int threads, boolean transA, boolean transB, int m, int n, int k,
                                       float[] a, int offA, int lda, float[] b, int offB, int ldb,
                                       float[] c, int offC, int ldc) {
        Checks.positive(threads, "threads");
        Checks.notNull(a, "a");
        Checks.notNull(b, "b");
        Checks.notNull(c, "c");
        Checks.nonNegative(m, "m");
        Checks.nonNegative(n, "n");
        Checks.nonNegative(k, "k");
        // Stored shapes: A is m×k (or k×m when transposed), B is k×n (or n×k), C is m×n.
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        Checks.leadingDimension(lda, aCols, "lda");
        Checks.leadingDimension(ldb, bCols, "ldb");
        Checks.leadingDimension(ldc, n, "ldc");
        Checks.matrixFits(a, offA, aRows, aCols, lda, "a", "offA");
        Checks.matrixFits(b, offB, bRows, bCols, ldb, "b", "offB");
        Checks.matrixFits(c, offC, m, n, ldc, "c", "offC");
        Checks.disjoint(c, offC, m, n, ldc, "c", a, offA, aRows, aCols, lda, "a");
        Checks.disjoint(c, offC, m, n, ldc, "c", b, offB, bRows, bCols, ldb, "b");
    }
}
