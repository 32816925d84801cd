package dev.lanewise.kernels.simd;

import dev.lanewise.kernels.Conv1dGeometry;

/**
 * Lowers one sample of a 1-D convolution to a matrix and back. The column matrix has {@code inChannels·kernelSize}
 * rows (row {@code ci·K + kk}) and {@code outputLength} columns: {@code col[ci·K + kk, l] = x[ci, l·s − p + kk·d]},
 * zero where that position lies in the padding. A sample's block sits at column {@code offCol} of a matrix with
 * leading dimension {@code ldCol}, so the samples of a batch lie side by side and one GEMM serves them all.
 */
final class Im2col {
    private Im2col() {
    }

    /** Fills the sample's column block of {@code col} from one sample {@code x[Cin, L]} at {@code offX}. */
    static void im2col(Conv1dGeometry g, float[] x, int offX, float[] col, int offCol, int ldCol) {
        int lout = g.outputLength();
        for (int ci = 0; ci < g.inChannels(); ci++) {
            int xc = offX + ci * g.length();
            for (int kk = 0; kk < g.kernelSize(); kk++) {
                int row = offCol + (ci * g.kernelSize() + kk) * ldCol;
                int lo = firstValid(g, kk);
                int hi = Math.max(lo, endValid(g, kk));
                java.util.Arrays.fill(col, row, row + lo, 0f);
                int pos = g.inputPosition(lo, kk);
                if (g.stride() == 1 && hi > lo) {
                    System.arraycopy(x, xc + pos, col, row + lo, hi - lo);
                } else {
                    for (int l = lo; l < hi; l++, pos += g.stride()) {
                        col[row + l] = x[xc + pos];
                    }
                }
                java.util.Arrays.fill(col, row + hi, row + lout, 0f);
            }
        }
    }

    /** Adds the sample's column block back onto one sample {@code dx[Cin, L]} at {@code offDx} (im2col's adjoint). */
    static void col2imAdd(Conv1dGeometry g, float[] col, int offCol, int ldCol, float[] dx, int offDx) {
        for (int ci = 0; ci < g.inChannels(); ci++) {
            int xc = offDx + ci * g.length();
            for (int kk = 0; kk < g.kernelSize(); kk++) {
                int row = offCol + (ci * g.kernelSize() + kk) * ldCol;
                int lo = firstValid(g, kk);
                int hi = endValid(g, kk);
                int pos = g.inputPosition(lo, kk);
                for (int l = lo; l < hi; l++, pos += g.stride()) {
                    dx[xc + pos] += col[row + l];
                }
            }
        }
    }

    /** Smallest l ≥ 0 whose input position at tap kk is ≥ 0: ⌈(p − kk·d) / s⌉ clamped to [0, Lout]. */
    private static int firstValid(Conv1dGeometry g, int kk) {
        int need = g.padding() - kk * g.dilation();
        int l = need <= 0 ? 0 : (need + g.stride() - 1) / g.stride();
        return Math.min(l, g.outputLength());
    }

    /** One past the largest l whose input position at tap kk is < L, clamped to [0, Lout]. */
    private static int endValid(Conv1dGeometry g, int kk) {
        // position < L  ⇔  l·s < L + p − kk·d  ⇔  l < ⌈(L + p − kk·d) / s⌉
        int limit = g.length() + g.padding() - kk * g.dilation();
        int l = limit <= 0 ? 0 : (limit + g.stride() - 1) / g.stride();
        return Math.min(l, g.outputLength());
    }
}
