package dev.lanewise.kernels.simd;

import dev.lanewise.kernels.Conv1dGeometry;
import dev.lanewise.kernels.GemmStrategy;

/**
 * 1-D convolution (cross-correlation, as PyTorch's {@code Conv1d}) through im2col and GEMM, on the dense
 * layouts of {@link Conv1dGeometry}: {@code Y[n] = W · col(X[n]) + b}, {@code dW = Σ_n dY[n] · col(X[n])ᵀ},
 * {@code dX[n] = col2im(Wᵀ · dY[n])}, {@code db = Σ_{n,l} dY[n,:,l]}. The samples' column matrices are laid
 * side by side so each pass is one GEMM over many samples (n = samples·Lout wide), not one small GEMM per
 * sample; the column and channel-major matrices live in work buffers taken from {@link Scratch} for the call.
 * Outputs are overwritten and must share no element with any input of the same call. Arguments are trusted
 * (the facade {@code Conv1dKernels} checks them); the GEMMs and sums are the trusting vector entry points.
 */
final class GemmConv1d {
    private GemmConv1d() {
    }

    static void forward(int threads, Conv1dGeometry g, float[] x, int offX, float[] w, int offW,
                               float[] bias, int offBias, float[] y, int offY) {
        int lout = g.outputLength(), rows = g.inChannels() * g.kernelSize(), cout = g.outChannels();
        int group = samplesPerGemm(g);
        // Buffers taken and given back here, not through a Work record: inference is a per-request path and this
        // way allocates nothing per call (escape analysis gave up on the record in the exception paths).
        long groupCols = (long) group * lout;
        float[] col = Scratch.take(Scratch.Slot.CONV_COLUMNS, (long) rows * groupCols);
        float[] out = group > 1 ? Scratch.take(Scratch.Slot.CONV_CHANNELS, cout * groupCols) : null;
        try {
            for (int n0 = 0; n0 < g.batch(); n0 += group) {
                int count = Math.min(group, g.batch() - n0), cols = count * lout;
                for (int s = 0; s < count; s++) {
                    Im2col.im2col(g, x, offX + (n0 + s) * g.inChannels() * g.length(), col, s * lout, cols);
                }
                if (count == 1) {
                    // One sample: its [Cout, Lout] output block is the GEMM's C itself; start it at the bias.
                    int yn = offY + n0 * cout * lout;
                    for (int co = 0; co < cout; co++) {
                        java.util.Arrays.fill(y, yn + co * lout, yn + (co + 1) * lout, bias[offBias + co]);
                    }
                    gemm(threads, false, false, cout, lout, rows, 1f, w, offW, rows, col, 0, lout, 1f, y, yn, lout);
                    continue;
                }
                gemm(threads, false, false, cout, cols, rows, 1f, w, offW, rows, col, 0, cols, 0f, out, 0, cols);
                for (int s = 0; s < count; s++) {
                    for (int co = 0; co < cout; co++) {
                        int yi = offY + ((n0 + s) * cout + co) * lout, oi = co * cols + s * lout;
                        float b = bias[offBias + co];
                        for (int l = 0; l < lout; l++) {
                            y[yi + l] = out[oi + l] + b;
                        }
                    }
                }
            }
        } finally {
            if (out != null) {
                Scratch.give(Scratch.Slot.CONV_CHANNELS, out);
            }
            Scratch.give(Scratch.Slot.CONV_COLUMNS, col);
        }
    }

    /**
     * The work buffers of one call, taken from {@link Scratch} and given back on close: the column matrix of a
     * group of samples and, when groups hold more than one sample, the channel-major matrix beside it.
     */
    private record Work(float[] columns, float[] channels) implements AutoCloseable {
        static Work take(Conv1dGeometry g, int group) {
            long cols = (long) group * g.outputLength();
            return new Work(Scratch.take(Scratch.Slot.CONV_COLUMNS, (long) g.inChannels() * g.kernelSize() * cols),
                    group > 1 ? Scratch.take(Scratch.Slot.CONV_CHANNELS, (long) g.outChannels() * cols) : null);
        }

        @Override
        public void close() {
            if (channels != null) {
                Scratch.give(Scratch.Slot.CONV_CHANNELS, channels);
            }
            Scratch.give(Scratch.Slot.CONV_COLUMNS, columns);
        }
    }

    /** dx = ∂L/∂x from dy = ∂L/∂y. */
    static void backwardInput(int threads, Conv1dGeometry g, float[] dy, int offDy, float[] w, int offW,
                                     float[] dx, int offDx) {
        int lout = g.outputLength(), rows = g.inChannels() * g.kernelSize(), cout = g.outChannels();
        java.util.Arrays.fill(dx, offDx, offDx + g.inputSize(), 0f);
        int group = samplesPerGemm(g);
        try (Work work = Work.take(g, group)) {
            float[] col = work.columns(), channels = work.channels();
            for (int n0 = 0; n0 < g.batch(); n0 += group) {
                int count = Math.min(group, g.batch() - n0), cols = count * lout;
                float[] dyc = count == 1 ? dy : gatherChannels(g, dy, offDy, n0, count, channels);
                int offC = count == 1 ? offDy + n0 * cout * lout : 0;
                gemm(threads, true, false, rows, cols, cout, 1f, w, offW, rows, dyc, offC, cols, 0f, col, 0, cols);
                for (int s = 0; s < count; s++) {
                    Im2col.col2imAdd(g, col, s * lout, cols, dx, offDx + (n0 + s) * g.inChannels() * g.length());
                }
            }
        }
    }

    /** dw = ∂L/∂w, summed over the batch. */
    static void backwardWeight(int threads, Conv1dGeometry g, float[] x, int offX, float[] dy, int offDy,
                                      float[] dw, int offDw) {
        int lout = g.outputLength(), rows = g.inChannels() * g.kernelSize(), cout = g.outChannels();
        if (g.batch() == 0) {
            java.util.Arrays.fill(dw, offDw, offDw + g.weightSize(), 0f);
            return;
        }
        int group = samplesPerGemm(g);
        try (Work work = Work.take(g, group)) {
            float[] col = work.columns(), channels = work.channels();
            for (int n0 = 0; n0 < g.batch(); n0 += group) {
                int count = Math.min(group, g.batch() - n0), cols = count * lout;
                float[] dyc = count == 1 ? dy : gatherChannels(g, dy, offDy, n0, count, channels);
                int offC = count == 1 ? offDy + n0 * cout * lout : 0;
                for (int s = 0; s < count; s++) {
                    Im2col.im2col(g, x, offX + (n0 + s) * g.inChannels() * g.length(), col, s * lout, cols);
                }
                gemm(threads, false, true, cout, rows, cols, 1f, dyc, offC, cols, col, 0, cols, n0 == 0 ? 0f : 1f,
                        dw, offDw, rows);
            }
        }
    }

    /**
     * Samples lowered side by side for one GEMM: enough for {@value #TARGET_COLUMNS} columns, while the column
     * matrix stays within 2¹⁸ floats (1 MB, about L2); at least one. Short outputs need it — MNIST's 28×28 as
     * Conv1d has Lout 28, below the packed kernel's tile width, so one GEMM per sample ran the slower dot form —
     * while long ones keep one sample per GEMM, whose column matrix already fills the cache (measurements in
     * docs/measurements.md).
     */
    private static int samplesPerGemm(Conv1dGeometry g) {
        int lout = g.outputLength();
        long perSample = (long) Math.max(g.inChannels() * g.kernelSize(), g.outChannels()) * lout;
        long byWidth = (TARGET_COLUMNS + lout - 1) / lout;
        long byCache = (1L << 18) / Math.max(1, perSample);
        return (int) Math.max(1, Math.min(g.batch(), Math.min(byWidth, byCache)));
    }

    /** Columns a batched conv GEMM aims for: several NR-wide tiles (NR = 32 at 512 bits). */
    private static final int TARGET_COLUMNS = 256;

    /** dy[n0 .. n0+count) as the channel-major matrix [Cout, count·Lout] the batched GEMMs read. */
    private static float[] gatherChannels(Conv1dGeometry g, float[] dy, int offDy, int n0, int count, float[] dyc) {
        int lout = g.outputLength(), cout = g.outChannels(), cols = count * lout;
        for (int s = 0; s < count; s++) {
            for (int co = 0; co < cout; co++) {
                System.arraycopy(dy, offDy + ((n0 + s) * cout + co) * lout, dyc, co * cols + s * lout, lout);
            }
        }
        return dyc;
    }

    /** db = ∂L/∂bias: dy summed over the batch and the positions. */
    static void backwardBias(Conv1dGeometry g, float[] dy, int offDy, float[] db, int offDb) {
        int lout = g.outputLength();
        for (int co = 0; co < g.outChannels(); co++) {
            double sum = 0;
            for (int n = 0; n < g.batch(); n++) {
                sum += VectorBlas1.sum(lout, dy, offDy + (n * g.outChannels() + co) * lout);
            }
            db[offDb + co] = (float) sum;
        }
    }

    /** The trusting vector GEMM with the AUTO strategy. */
    private static void gemm(int threads, boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int offA, int lda, float[] b, int offB, int ldb,
                             float beta, float[] c, int offC, int ldc) {
        VectorGemm.sgemm(GemmStrategy.AUTO, threads, transA, transB, m, n, k,
                alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
    }
}
