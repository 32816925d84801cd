package dev.lanewise.kernels.simd;

import dev.lanewise.kernels.GemmBlocking;
import dev.lanewise.kernels.GemmStrategy;
import dev.lanewise.kernels.ops.PackedOperand;

/**
 * BLIS-style GEMM: five loops around a register-tiled micro-kernel.
 * <pre>
 * for jc in n by NC                      loop 5
 *   for pc in k by KC                    loop 4: pack op(B)[pc.., jc..] into NR-column panels (per thread)
 *     for ic in m by MC                  loop 3: pack op(A)[ic.., pc..] into MR-row panels (per thread)
 *       for jr in nc by NR               loop 2 (macro-kernel): the B micro-panel stays in L1
 *         for ir in mc by MR             loop 1
 *           micro-kernel MR×NR, kc deep: C = alpha·AB + (pc == 0 ? beta : 1)·C
 * </pre>
 * Threads split C into disjoint row or column ranges (never k), each running the five loops on its own
 * range with packing buffers it alone holds ({@link Scratch#take}); every element of C therefore sees the same
 * operations in the same order whatever the thread count, so results are bit-identical. The parts run through
 * {@link ParallelParts}: on the calling thread and on helpers in the caller's ForkJoin pool (an application can
 * supply its own) or the common pool, never waiting for a part nobody has started.
 */
public final class PackedGemm {
    /**
     * Below this many multiply-adds (2²³) a call stays on the calling thread: smaller products lose more to the
     * hand-off than a second thread gains (measurements in docs/measurements.md).
     */
    static final long PARALLEL_THRESHOLD = 1L << 23;

    private PackedGemm() {
    }

    public static void sgemm(GemmBlocking bs, int threads, boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int offA, int lda, float[] b, int offB, int ldb,
                             float beta, float[] c, int offC, int ldc) {
        int parts = (long) m * n * k < PARALLEL_THRESHOLD ? 1 : threads;
        if (parts <= 1) {
            // Straight to the loops: no task or lambda, so a single-thread call allocates nothing.
            computeWithBuffers(bs, transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc,
                    0, m, 0, n);
            return;
        }
        inParallel(bs, parts, m, n, (i0, i1, j0, j1) -> computeWithBuffers(bs, transA, transB, m, n, k, alpha,
                a, offA, lda, b, offB, ldb, beta, c, offC, ldc, i0, i1, j0, j1));
    }

    /** The C block {@code [i0, i1) × [j0, j1)} one thread computes. */
    private interface Block {
        void compute(int i0, int i1, int j0, int j1);
    }

    /**
     * Splits the longer of m and n into at most {@code parts} tile-aligned ranges (so no split adds edge tiles)
     * and computes them through {@link ParallelParts}.
     */
    private static void inParallel(GemmBlocking bs, int parts, int m, int n, Block block) {
        boolean splitRows = m >= n;
        int extent = splitRows ? m : n;
        int unit = splitRows ? bs.mr() : bs.nr();
        int units = (extent + unit - 1) / unit;
        int count = Math.min(parts, units);
        ParallelParts.run(count, t -> {
            int from = Math.min(extent, (int) ((long) units * t / count) * unit);
            int to = Math.min(extent, (int) ((long) units * (t + 1) / count) * unit);
            if (splitRows) {
                block.compute(from, to, 0, n);
            } else {
                block.compute(0, m, from, to);
            }
        });
    }

    /**
     * op(B) packed once for many products ({@code Gemm.sgemm} with a {@code PackedMatrix}): for every kc block
     * of {@code blocking}, all of op(B)'s NR-column panels as {@link Packing#packB} lays them out for the whole
     * width ({@link Packing#packBOnce}) — exactly the panels the five loops would pack on the fly, so a product
     * against it gives the same bits as the unpacked packed product with the same blocking.
     */
    record PrepackedB(GemmBlocking blocking, boolean transB, int k, int n, float[][] blocks) implements PackedOperand {
        /**
         * AUTO picks PACKED for the source matrix as it was packed (B or Bᵀ), with A or Aᵀ alike, with B's
         * blocking: the same kc and NR, which is all the panels depend on (the row tile and mc change no sum).
         */
        @Override
        public boolean matchesAuto(int m) {
            GemmBlocking auto = GemmBlocking.forProduct(m, n);
            return VectorGemm.choose(false, transB, m, n, k) == GemmStrategy.PACKED
                    && VectorGemm.choose(true, transB, m, n, k) == GemmStrategy.PACKED
                    && auto.kc() == blocking.kc() && auto.nr() == blocking.nr() && auto.nc() == blocking.nc();
        }
    }

    static PrepackedB pack(GemmBlocking bs, boolean transB, int k, int n, float[] b, int offB, int ldb) {
        int step = bs.kcStep(k);
        int blocks = k == 0 ? 0 : (k + step - 1) / step;
        float[][] panels = new float[blocks][];
        for (int q = 0, pc = 0; q < blocks; q++, pc += step) {
            int kc = Math.min(step, k - pc);
            panels[q] = new float[Math.multiplyExact(kc, roundUp(n, bs.nr()))];
            Packing.packBOnce(transB, b, offB, ldb, pc, kc, 0, n, bs.nr(), panels[q]);
        }
        return new PrepackedB(bs, transB, k, n, panels);
    }

    /** C = alpha·op(A)·B + beta·C against prepacked B, split over threads like the unpacked product. */
    static void sgemm(PrepackedB pb, int threads, boolean transA, int m, float alpha, float[] a, int offA, int lda,
                      float beta, float[] c, int offC, int ldc) {
        // B's kc and NR; the row tile as AUTO would choose it for m (GemmBlocking.forRows).
        GemmBlocking bs = GemmBlocking.forRows(pb.blocking(), m);
        int n = pb.n(), k = pb.k();
        int parts = (long) m * n * k < PARALLEL_THRESHOLD ? 1 : threads;
        if (parts <= 1) {
            computePrepackedWithBuffers(pb, bs, transA, m, alpha, a, offA, lda, beta, c, offC, ldc, 0, m, 0, n);
            return;
        }
        inParallel(bs, parts, m, n, (i0, i1, j0, j1) -> computePrepackedWithBuffers(pb, bs, transA, m, alpha, a,
                offA, lda, beta, c, offC, ldc, i0, i1, j0, j1));
    }

    private static void computePrepackedWithBuffers(PrepackedB pb, GemmBlocking bs, boolean transA, int m,
                                                    float alpha, float[] a, int offA, int lda, float beta,
                                                    float[] c, int offC, int ldc, int i0, int i1, int j0, int j1) {
        float[] ap = Scratch.take(Scratch.Slot.GEMM_A, packedASize(bs, m, pb.k()));
        float[] tile = Scratch.take(Scratch.Slot.GEMM_TILE, (long) bs.mr() * bs.nr());
        try {
            int mr = bs.mr(), nr = bs.nr(), mcMax = bs.mc(), ncMax = bs.nc(), k = pb.k(), kcMax = bs.kcStep(k);
            MicroKernel kernel = MicroKernel.of(mr, nr, Lanes.L);
            // The loops of compute, with loop 4's packing of B replaced by the prepacked block.
            for (int jc = j0; jc < j1; jc += ncMax) {
                int nc = Math.min(ncMax, j1 - jc);
                for (int pc = 0, q = 0; pc < k; pc += kcMax, q++) {
                    int kc = Math.min(kcMax, k - pc);
                    float betaEff = pc == 0 ? beta : 1f;
                    for (int ic = i0; ic < i1; ic += mcMax) {
                        int mc = Math.min(mcMax, i1 - ic);
                        Packing.packA(transA, a, offA, lda, ic, mc, pc, kc, mr, ap);
                        macroKernel(kernel, mr, nr, kc, mc, nc, ap, pb.blocks()[q], jc * kc, tile, alpha, betaEff, c,
                                offC + ic * ldc + jc, ldc);
                    }
                }
            }
        } finally {
            Scratch.give(Scratch.Slot.GEMM_TILE, tile);
            Scratch.give(Scratch.Slot.GEMM_A, ap);
        }
    }

    /** The five loops on one rectangle of C, with packing buffers taken for this part alone and given back. */
    private static void computeWithBuffers(GemmBlocking bs, boolean transA, boolean transB, int m, int n, int k,
                                           float alpha, float[] a, int offA, int lda, float[] b, int offB, int ldb,
                                           float beta, float[] c, int offC, int ldc, int i0, int i1, int j0, int j1) {
        float[] ap = Scratch.take(Scratch.Slot.GEMM_A, packedASize(bs, m, k));
        float[] bp = Scratch.take(Scratch.Slot.GEMM_B, packedBSize(bs, n, k));
        float[] tile = Scratch.take(Scratch.Slot.GEMM_TILE, (long) bs.mr() * bs.nr());
        try {
            compute(bs, transA, transB, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc, i0, i1, j0, j1,
                    ap, bp, tile);
        } finally {
            Scratch.give(Scratch.Slot.GEMM_TILE, tile);
            Scratch.give(Scratch.Slot.GEMM_B, bp);
            Scratch.give(Scratch.Slot.GEMM_A, ap);
        }
    }

    /** Floats of the packed A block: at most kc × mc, less when m or k is smaller (rounded up to whole panels). */
    static long packedASize(GemmBlocking bs, int m, int k) {
        return (long) Math.min(bs.kc(), k) * Math.min(bs.mc(), roundUp(m, bs.mr()));
    }

    /** Floats of the packed B panel: at most kc × nc, less when n or k is smaller (rounded up to whole panels). */
    static long packedBSize(GemmBlocking bs, int n, int k) {
        return (long) Math.min(bs.kc(), k) * Math.min(bs.nc(), roundUp(n, bs.nr()));
    }

    private static int roundUp(int value, int multiple) {
        return (int) Math.min(Integer.MAX_VALUE, ((long) value + multiple - 1) / multiple * multiple);
    }

    /** The five loops on the rectangle [i0, i1) × [j0, j1) of C, with the given packing buffers. */
    static void compute(GemmBlocking bs, boolean transA, boolean transB, int k, float alpha,
                        float[] a, int offA, int lda, float[] b, int offB, int ldb,
                        float beta, float[] c, int offC, int ldc, int i0, int i1, int j0, int j1,
                        float[] ap, float[] bp, float[] tile) {
        int mr = bs.mr(), nr = bs.nr(), kcMax = bs.kcStep(k), mcMax = bs.mc(), ncMax = bs.nc();
        MicroKernel kernel = MicroKernel.of(mr, nr, Lanes.L);   // checked at the API edge (requireTileFor)
        for (int jc = j0; jc < j1; jc += ncMax) {
            int nc = Math.min(ncMax, j1 - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                Packing.packB(transB, b, offB, ldb, pc, kc, jc, nc, nr, bp);
                float betaEff = pc == 0 ? beta : 1f;
                for (int ic = i0; ic < i1; ic += mcMax) {
                    int mc = Math.min(mcMax, i1 - ic);
                    Packing.packA(transA, a, offA, lda, ic, mc, pc, kc, mr, ap);
                    macroKernel(kernel, mr, nr, kc, mc, nc, ap, bp, 0, tile, alpha, betaEff, c, offC + ic * ldc + jc,
                            ldc);
                }
            }
        }
    }

    /**
     * Loops 2 and 1 over the packed block (B panels from {@code bBase}): full tiles straight into C, edge tiles
     * through a scratch tile.
     */
    private static void macroKernel(MicroKernel kernel, int mr, int nr, int kc, int mc, int nc, float[] ap, float[] bp,
                                    int bBase, float[] tile, float alpha, float betaEff, float[] c, int cBlock,
                                    int ldc) {
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            int b0 = bBase + jr * kc;   // panel (jr / nr) starts at (jr / nr) · kc · nr
            for (int ir = 0; ir < mc; ir += mr) {
                int rows = Math.min(mr, mc - ir);
                int a0 = ir * kc;
                int c0 = cBlock + ir * ldc + jr;
                if (rows == mr && cols == nr) {
                    kernel.run(kc, ap, a0, bp, b0, alpha, betaEff, c, c0, ldc);
                } else {
                    // Raw A·B tile (alpha 1, beta 0 is exact), then the same rounding as the vector store; an edge
                    // panel of at most one vector of columns computes that vector alone.
                    if (cols <= Lanes.L && nr > Lanes.L) {
                        kernel.runFirstVector(kc, ap, a0, bp, b0, tile);
                    } else {
                        kernel.run(kc, ap, a0, bp, b0, 1f, 0f, tile, 0, nr);
                    }
                    for (int r = 0; r < rows; r++) {
                        for (int j = 0; j < cols; j++) {
                            float ab = tile[r * nr + j];
                            int ci = c0 + r * ldc + j;
                            c[ci] = betaEff == 0f ? ab * alpha : Math.fma(ab, alpha, c[ci] * betaEff);
                        }
                    }
                }
            }
        }
    }
}
