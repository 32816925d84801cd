package dev.lanewise.kernels.simd;

import jdk.incubator.vector.FloatVector;

import java.util.Arrays;

/**
 * BLIS packing: copies a block of op(A) into MR-row micro-panels ({@code ap[panel·kc·MR + p·MR + r]}) and a
 * block of op(B) into NR-column micro-panels ({@code bp[panel·kc·NR + p·NR + j]}), zero-padding the last panel,
 * so the micro-kernel reads both contiguously and never past an array. Transposes are absorbed here.
 */
final class Packing {
    private Packing() {
    }

    /** Packs op(A)[i0 .. i0+mc, p0 .. p0+kc) into MR-row panels. op(A)[i,p] is a[i·lda + p], or a[p·lda + i] if transA. */
    static void packA(boolean transA, float[] a, int offA, int lda, int i0, int mc, int p0, int kc, int mr,
                      float[] ap) {
        int full = mc / mr;
        if (transA && mr == 6 && full > 0) {
            // Full panels column by column of op(A), i.e. row by row of A: A is read sequentially and each packed
            // column is six plain moves (an arraycopy call per 6 floats cost more than the copy).
            for (int p = 0; p < kc; p++) {
                int src = offA + (p0 + p) * lda + i0;
                for (int panel = 0, d = p * 6; panel < full; panel++, src += 6, d += kc * 6) {
                    ap[d] = a[src];
                    ap[d + 1] = a[src + 1];
                    ap[d + 2] = a[src + 2];
                    ap[d + 3] = a[src + 3];
                    ap[d + 4] = a[src + 4];
                    ap[d + 5] = a[src + 5];
                }
            }
            packAPanels(true, a, offA, lda, i0 + full * mr, mc - full * mr, p0, kc, mr, ap, full);
            return;
        }
        packAPanels(transA, a, offA, lda, i0, mc, p0, kc, mr, ap, 0);
    }

    private static void packAPanels(boolean transA, float[] a, int offA, int lda, int i0, int mc, int p0, int kc,
                                    int mr, float[] ap, int firstPanel) {
        for (int panel = firstPanel, i = i0; i < i0 + mc; panel++, i += mr) {
            int rows = Math.min(mr, i0 + mc - i);
            int dst = panel * kc * mr;
            if (transA) {
                for (int p = 0; p < kc; p++) {
                    int src = offA + (p0 + p) * lda + i;
                    int d = dst + p * mr;
                    System.arraycopy(a, src, ap, d, rows);
                    if (rows < mr) {
                        Arrays.fill(ap, d + rows, d + mr, 0f);
                    }
                }
            } else {
                int done = mr == SixRowTranspose.ROWS && rows == mr
                        ? SixRowTranspose.pack(a, offA + i * lda + p0, lda, kc, ap, dst) : 0;
                for (int r = 0; r < rows; r++) {
                    int src = offA + (i + r) * lda + p0;
                    for (int p = done; p < kc; p++) {
                        ap[dst + p * mr + r] = a[src + p];
                    }
                }
                for (int r = rows; r < mr; r++) {
                    for (int p = 0; p < kc; p++) {
                        ap[dst + p * mr + r] = 0f;
                    }
                }
            }
        }
    }

    /** Packs op(B)[p0 .. p0+kc, j0 .. j0+nc) into NR-column panels. op(B)[p,j] is b[p·ldb + j], or b[j·ldb + p] if transB. */
    static void packB(boolean transB, float[] b, int offB, int ldb, int p0, int kc, int j0, int nc, int nr,
                      float[] bp) {
        int full = nc / nr;
        if (!transB && full > 0) {
            // Full panels row by row: B is read sequentially (column-panel order touched a new page per row).
            for (int p = 0; p < kc; p++) {
                int src = offB + (p0 + p) * ldb + j0;
                for (int panel = 0; panel < full; panel++) {
                    System.arraycopy(b, src + panel * nr, bp, panel * kc * nr + p * nr, nr);
                }
            }
            packBPanels(false, b, offB, ldb, p0, kc, j0 + full * nr, nc - full * nr, nr, bp, full, true);
            return;
        }
        packBPanels(transB, b, offB, ldb, p0, kc, j0, nc, nr, bp, 0, true);
    }

    /**
     * {@link #packB} for a matrix packed once ({@code PackedMatrix}): the same panels, bit for bit (packing only
     * copies), but Bᵀ's panels by plain loops instead of register transposes. It runs when a model is built or
     * loaded, before the JIT has compiled any vector code; interpreted, the Vector API's shuffles cost microseconds
     * each, and the register transposes took ~0.4 s to pack a 300×784 weight at a training job's start, where these
     * loops take a few milliseconds.
     */
    static void packBOnce(boolean transB, float[] b, int offB, int ldb, int p0, int kc, int j0, int nc, int nr,
                          float[] bp) {
        if (!transB) {
            packB(false, b, offB, ldb, p0, kc, j0, nc, nr, bp);
            return;
        }
        packBPanels(true, b, offB, ldb, p0, kc, j0, nc, nr, bp, 0, false);
    }

    private static void packBPanels(boolean transB, float[] b, int offB, int ldb, int p0, int kc, int j0, int nc,
                                    int nr, float[] bp, int firstPanel, boolean registerTranspose) {
        for (int panel = firstPanel, j = j0; j < j0 + nc; panel++, j += nr) {
            int cols = Math.min(nr, j0 + nc - j);
            int dst = panel * kc * nr;
            if (transB && cols == nr && registerTranspose) {
                // Full panel: L×L blocks of B transposed in registers, the last kc % L columns of op(B) by gathers.
                for (int v = 0; v < nr; v += Lanes.L) {
                    int src = offB + (j + v) * ldb + p0;
                    int p = SquareTranspose.packColumns(b, src, ldb, kc, bp, dst, nr, v);
                    if (p < kc) {
                        int[] map = Scratch.strideMap(ldb, Lanes.L);
                        for (; p < kc; p++) {
                            FloatVector.fromArray(Lanes.F, b, src + p, map, 0).intoArray(bp, dst + p * nr + v);
                        }
                    }
                }
            } else if (transB) {
                for (int col = 0; col < cols; col++) {
                    int src = offB + (j + col) * ldb + p0;
                    for (int p = 0; p < kc; p++) {
                        bp[dst + p * nr + col] = b[src + p];
                    }
                }
                for (int col = cols; col < nr; col++) {
                    for (int p = 0; p < kc; p++) {
                        bp[dst + p * nr + col] = 0f;
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = offB + (p0 + p) * ldb + j;
                    int d = dst + p * nr;
                    System.arraycopy(b, src, bp, d, cols);
                    if (cols < nr) {
                        Arrays.fill(bp, d + cols, d + nr, 0f);
                    }
                }
            }
        }
    }
}
