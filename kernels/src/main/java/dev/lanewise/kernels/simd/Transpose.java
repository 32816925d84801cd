package dev.lanewise.kernels.simd;

/** Copies a row-major matrix transposed into a dense buffer: {@code dst[j*rows + i] = src[off + i*ld + j]}. */
final class Transpose {
    private static final int BLOCK = 32;

    private Transpose() {
    }

    /** Transposes the {@code rows × cols} matrix into {@code dst} as {@code cols × rows} with leading dimension rows. */
    static void into(float[] src, int off, int ld, int rows, int cols, float[] dst) {
        // Square blocks keep both the reads and the strided writes within a few cache lines.
        for (int i0 = 0; i0 < rows; i0 += BLOCK) {
            int i1 = Math.min(rows, i0 + BLOCK);
            for (int j0 = 0; j0 < cols; j0 += BLOCK) {
                int j1 = Math.min(cols, j0 + BLOCK);
                for (int i = i0; i < i1; i++) {
                    int s = off + i * ld;
                    for (int j = j0; j < j1; j++) {
                        dst[j * rows + i] = src[s + j];
                    }
                }
            }
        }
    }
}
