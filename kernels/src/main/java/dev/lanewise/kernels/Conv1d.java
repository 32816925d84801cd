package dev.lanewise.kernels;

import dev.lanewise.kernels.simd.Scratch;

/**
 * 1-D convolution (cross-correlation, as PyTorch's {@code Conv1d}) through im2col and GEMM, on the dense
 * layouts of {@link Conv1dGeometry}. Per sample: {@code Y[n] = W · col(X[n]) + b}, {@code dW = Σ_n dY[n] ·
 * col(X[n])ᵀ}, {@code dX[n] = col2im(Wᵀ · dY[n])}, {@code db = Σ_{n,l} dY[n,:,l]}. The column matrix lives
 * in a per-thread buffer reused across calls. Outputs are overwritten.
 */
public final class Conv1d {
    private Conv1d() {
    }

    public static void forward(Conv1dGeometry g, float[] x, int offX, float[] w, int offW,
                               float[] bias, int offBias, float[] y, int offY) {
        Checks.notNull(g, "geometry");
        Checks.notNull(x, "x");
        Checks.notNull(w, "w");
        Checks.notNull(bias, "bias");
        Checks.notNull(y, "y");
        Checks.vectorFits(x, offX, g.inputSize(), "x", "offX");
        Checks.vectorFits(w, offW, g.weightSize(), "w", "offW");
        Checks.vectorFits(bias, offBias, g.outChannels(), "bias", "offBias");
        Checks.vectorFits(y, offY, g.outputSize(), "y", "offY");
        int lout = g.outputLength();
        int rows = g.inChannels() * g.kernelSize();
        float[] col = Scratch.floats(Scratch.Slot.CONV_COLUMNS, (long) rows * lout);
        for (int n = 0; n < g.batch(); n++) {
            Im2col.im2col(g, x, offX + n * g.inChannels() * g.length(), col);
            int yn = offY + n * g.outChannels() * lout;
            for (int co = 0; co < g.outChannels(); co++) {
                java.util.Arrays.fill(y, yn + co * lout, yn + (co + 1) * lout, bias[offBias + co]);
            }
            Gemm.sgemm(false, false, g.outChannels(), lout, rows, 1f, w, offW, rows, col, 0, lout, 1f, y, yn, lout);
        }
    }

    /** dx = ∂L/∂x from dy = ∂L/∂y. */
    public static void backwardInput(Conv1dGeometry g, float[] dy, int offDy, float[] w, int offW,
                                     float[] dx, int offDx) {
        Checks.notNull(g, "geometry");
        Checks.notNull(dy, "dy");
        Checks.notNull(w, "w");
        Checks.notNull(dx, "dx");
        Checks.vectorFits(dy, offDy, g.outputSize(), "dy", "offDy");
        Checks.vectorFits(w, offW, g.weightSize(), "w", "offW");
        Checks.vectorFits(dx, offDx, g.inputSize(), "dx", "offDx");
        int lout = g.outputLength();
        int rows = g.inChannels() * g.kernelSize();
        float[] col = Scratch.floats(Scratch.Slot.CONV_COLUMNS, (long) rows * lout);
        java.util.Arrays.fill(dx, offDx, offDx + g.inputSize(), 0f);
        for (int n = 0; n < g.batch(); n++) {
            Gemm.sgemm(true, false, rows, lout, g.outChannels(), 1f, w, offW, rows,
                    dy, offDy + n * g.outChannels() * lout, lout, 0f, col, 0, lout);
            Im2col.col2imAdd(g, col, dx, offDx + n * g.inChannels() * g.length());
        }
    }

    /** dw = ∂L/∂w, summed over the batch. */
    public static void backwardWeight(Conv1dGeometry g, float[] x, int offX, float[] dy, int offDy,
                                      float[] dw, int offDw) {
        Checks.notNull(g, "geometry");
        Checks.notNull(x, "x");
        Checks.notNull(dy, "dy");
        Checks.notNull(dw, "dw");
        Checks.vectorFits(x, offX, g.inputSize(), "x", "offX");
        Checks.vectorFits(dy, offDy, g.outputSize(), "dy", "offDy");
        Checks.vectorFits(dw, offDw, g.weightSize(), "dw", "offDw");
        int lout = g.outputLength();
        int rows = g.inChannels() * g.kernelSize();
        if (g.batch() == 0) {
            java.util.Arrays.fill(dw, offDw, offDw + g.weightSize(), 0f);
            return;
        }
        float[] col = Scratch.floats(Scratch.Slot.CONV_COLUMNS, (long) rows * lout);
        for (int n = 0; n < g.batch(); n++) {
            Im2col.im2col(g, x, offX + n * g.inChannels() * g.length(), col);
            Gemm.sgemm(false, true, g.outChannels(), rows, lout, 1f, dy, offDy + n * g.outChannels() * lout, lout,
                    col, 0, lout, n == 0 ? 0f : 1f, dw, offDw, rows);
        }
    }

    /** db = ∂L/∂bias: dy summed over the batch and the positions. */
    public static void backwardBias(Conv1dGeometry g, float[] dy, int offDy, float[] db, int offDb) {
        Checks.notNull(g, "geometry");
        Checks.notNull(dy, "dy");
        Checks.notNull(db, "db");
        Checks.vectorFits(dy, offDy, g.outputSize(), "dy", "offDy");
        Checks.vectorFits(db, offDb, g.outChannels(), "db", "offDb");
        int lout = g.outputLength();
        for (int co = 0; co < g.outChannels(); co++) {
            double sum = 0;
            for (int n = 0; n < g.batch(); n++) {
                sum += Blas1.sum(lout, dy, offDy + (n * g.outChannels() + co) * lout);
            }
            db[offDb + co] = (float) sum;
        }
    }
}
