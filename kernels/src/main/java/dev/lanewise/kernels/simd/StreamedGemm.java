package dev.lanewise.kernels.simd;

import dev.lanewise.kernels.GemmBlocking;
import dev.lanewise.kernels.GemmStrategy;

/**
 * C = alpha·A·Bᵀ + beta·C (A m×k, B n×k, both row-major: a Linear layer's forward {@code x·Wᵀ}) computed as its
 * transpose Cᵀ = B·Aᵀ, so that B — the large operand, the weights — is never packed: its rows are read in place
 * as the broadcast operand of the micro-kernel ({@link MicroKernel#runStreamed}), and only A is packed, transposed
 * into NR-column panels as the packed GEMM packs op(B). The packed GEMM would transpose all of B into panels on
 * every call (a Linear forward at batch 64 spent a quarter of its time there); here the packing is m×k, not n×k.
 * <pre>
 * for pc in k by KC
 *   for ic in m by MB                 pack Aᵀ[pc.., ic..] into NR-column panels (MB·KC floats: half of L2)
 *     for jr in n by MR               MR rows of B, KC deep: stay in L1 while ...
 *       for ir in MB by NR            ... every Aᵀ panel streams past them from L2
 *         tile = B[jr.., pc..]·Aᵀ[pc.., ir..];  C[ir.., jr..] = alpha·tileᵀ + (pc == 0 ? beta : 1)·C
 * </pre>
 * Every element of C sees the same multiply-adds in the same order as in {@link PackedGemm} with the same kc, and
 * whatever the thread count: threads split C into tile-aligned ranges of rows or columns (the longer), as there.
 */
public final class StreamedGemm {
    private StreamedGemm() {
    }

    public static void sgemm(GemmBlocking bs, int threads, int m, int n, int k, float alpha, float[] a, int offA, int lda,
                      float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc) {
        int parts = (long) m * n * k < PackedGemm.PARALLEL_THRESHOLD ? 1 : threads;
        if (parts <= 1) {
            computeWithBuffers(bs, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc, 0, m, 0, n);
            return;
        }
        // The split runs along C's rows (i, in NR units) or columns (j, in MR units), whichever is longer.
        boolean splitRows = m >= n;
        int extent = splitRows ? m : n;
        int unit = splitRows ? bs.nr() : bs.mr();
        int units = (extent + unit - 1) / unit;
        int count = Math.min(parts, units);
        ParallelParts.run(count, t -> {
            int from = Math.min(extent, (int) ((long) units * t / count) * unit);
            int to = Math.min(extent, (int) ((long) units * (t + 1) / count) * unit);
            if (splitRows) {
                computeWithBuffers(bs, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc, from, to, 0, n);
            } else {
                computeWithBuffers(bs, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc, 0, m, from, to);
            }
        });
    }

    /**
     * Whether {@link GemmStrategy#AUTO} runs an {@code A·Bᵀ} product here rather than in {@link PackedGemm}: when A
     * has at most four NR-column panels of rows (m ≤ 4·NR: 64 at 8 float lanes). Packing Bᵀ costs the packed GEMM
     * about as much per element of B as the product spends on m/4 multiply-adds, so its share falls as 1/m; measured
     * on the 2-core AVX2 host (64×300×784 and 64×512×784: 1.05–1.16× faster here; m = 16: 1.9–2.3×, m = 32: 1.3×;
     * from m = 96 on the packed GEMM is as fast or faster: docs/measurements.md).
     */
    public static boolean suits(GemmBlocking bs, boolean transA, boolean transB, int m) {
        return transB && !transA && m <= 4 * bs.nr();
    }

    /** Rows of A packed per block: as many NR-column panels of Aᵀ as fill the packed GEMM's A block (mc·kc). */
    static int rowBlock(GemmBlocking bs) {
        return Math.max(bs.nr(), bs.mc() / bs.nr() * bs.nr());
    }

    private static void computeWithBuffers(GemmBlocking bs, int m, int n, int k, float alpha, float[] a, int offA,
                                           int lda, float[] b, int offB, int ldb, float beta, float[] c, int offC,
                                           int ldc, int i0, int i1, int j0, int j1) {
        int nr = bs.nr();
        int mb = rowBlock(bs);
        long panelFloats = (long) Math.min(bs.kc(), k) * Math.min(mb, (m + nr - 1) / nr * nr);
        float[] ap = Scratch.take(Scratch.Slot.GEMM_B, panelFloats);
        float[] tile = Scratch.take(Scratch.Slot.GEMM_TILE, (long) bs.mr() * nr);
        try {
            compute(bs, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc, i0, i1, j0, j1, ap, tile);
        } finally {
            Scratch.give(Scratch.Slot.GEMM_TILE, tile);
            Scratch.give(Scratch.Slot.GEMM_B, ap);
        }
    }

    /** The loops on the rectangle [i0, i1) × [j0, j1) of C. */
    static void compute(GemmBlocking bs, int k, float alpha, float[] a, int offA, int lda, float[] b, int offB,
                        int ldb, float beta, float[] c, int offC, int ldc, int i0, int i1, int j0, int j1,
                        float[] ap, float[] tile) {
        int mr = bs.mr(), nr = bs.nr(), kcMax = bs.kc(), mbMax = rowBlock(bs);
        MicroKernel kernel = MicroKernel.of(mr, nr, Lanes.L);   // checked at the API edge (requireTileFor)
        for (int pc = 0; pc < k; pc += kcMax) {
            int kc = Math.min(kcMax, k - pc);
            float betaEff = pc == 0 ? beta : 1f;
            for (int ic = i0; ic < i1; ic += mbMax) {
                int mb = Math.min(mbMax, i1 - ic);
                Packing.packB(true, a, offA, lda, pc, kc, ic, mb, nr, ap);
                for (int jr = j0; jr < j1; jr += mr) {
                    int rows = Math.min(mr, j1 - jr);
                    int bRows = offB + jr * ldb + pc;
                    for (int ir = 0; ir < mb; ir += nr) {
                        kernel.runStreamed(kc, b, bRows, ldb, rows, ap, ir * kc, tile);
                        writeTransposed(tile, nr, rows, Math.min(nr, mb - ir), alpha, betaEff, c,
                                offC + (ic + ir) * ldc + jr, ldc);
                    }
                }
            }
        }
    }

    /**
     * C[t, r] = alpha·tile[r, t] + betaEff·C[t, r] for the tile's first {@code rows} × {@code cols}, rounded as the
     * packed GEMM's stores round ({@code betaEff == 0} never reads C).
     */
    private static void writeTransposed(float[] tile, int nr, int rows, int cols, float alpha, float betaEff,
                                        float[] c, int c0, int ldc) {
        for (int t = 0; t < cols; t++) {
            int ci = c0 + t * ldc;
            if (betaEff == 0f) {
                for (int r = 0; r < rows; r++) {
                    c[ci + r] = tile[r * nr + t] * alpha;
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    c[ci + r] = Math.fma(tile[r * nr + t], alpha, c[ci + r] * betaEff);
                }
            }
        }
    }
}
