package dev.lanewise.kernels;

import dev.lanewise.kernels.ops.KernelProvider;

/**
 * 1-D convolution (cross-correlation, as PyTorch's {@code Conv1d}) on the dense layouts of {@link Conv1dGeometry}:
 * {@code Y[n] = W · col(X[n]) + b}, {@code dW = Σ_n dY[n] · col(X[n])ᵀ}, {@code dX[n] = col2im(Wᵀ · dY[n])},
 * {@code db = Σ_{n,l} dY[n,:,l]}. The vector implementation lowers samples side by side with im2col and runs one
 * GEMM over many samples at strides above 1, and runs direct register-tiled kernels (no im2col) at stride 1; the
 * reference runs the direct loops. Outputs are overwritten and must share no element with any input of the same
 * call. The forms with {@code threads} use at most that many threads (the others {@link KernelThreads#defaultCount}
 * ); results are bit-identical whatever the count.
 */
public final class Conv1dKernels {
    private Conv1dKernels() {
    }

    public static void forward(Conv1dGeometry g, float[] x, int offX, float[] w, int offW,
                               float[] bias, int offBias, float[] y, int offY) {
        forward(KernelThreads.defaultCount(), g, x, offX, w, offW, bias, offBias, y, offY);
    }

    /** y = conv(x, w) + bias, on at most {@code threads} threads. */
    public static void forward(int threads, Conv1dGeometry g, float[] x, int offX, float[] w, int offW,
                               float[] bias, int offBias, float[] y, int offY) {
        Checks.positive(threads, "threads");
        Checks.notNull(g, "geometry");
        Checks.notNull(x, "x");
        Checks.notNull(w, "w");
        Checks.notNull(bias, "bias");
        Checks.notNull(y, "y");
        Checks.vectorFits(x, offX, g.inputSize(), "x", "offX");
        Checks.vectorFits(w, offW, g.weightSize(), "w", "offW");
        Checks.vectorFits(bias, offBias, g.outChannels(), "bias", "offBias");
        Checks.vectorFits(y, offY, g.outputSize(), "y", "offY");
        Checks.disjoint(y, offY, g.outputSize(), "y", x, offX, g.inputSize(), "x");
        Checks.disjoint(y, offY, g.outputSize(), "y", w, offW, g.weightSize(), "w");
        Checks.disjoint(y, offY, g.outputSize(), "y", bias, offBias, g.outChannels(), "bias");
        KernelProvider.active().conv1dForward(threads, g, x, offX, w, offW, bias, offBias, y, offY);
    }

    /** dx = ∂L/∂x from dy = ∂L/∂y. */
    public static void backwardInput(Conv1dGeometry g, float[] dy, int offDy, float[] w, int offW,
                                     float[] dx, int offDx) {
        backwardInput(KernelThreads.defaultCount(), g, dy, offDy, w, offW, dx, offDx);
    }

    /** dx = ∂L/∂x from dy = ∂L/∂y, on at most {@code threads} threads. */
    public static void backwardInput(int threads, Conv1dGeometry g, float[] dy, int offDy, float[] w, int offW,
                                     float[] dx, int offDx) {
        Checks.positive(threads, "threads");
        Checks.notNull(g, "geometry");
        Checks.notNull(dy, "dy");
        Checks.notNull(w, "w");
        Checks.notNull(dx, "dx");
        Checks.vectorFits(dy, offDy, g.outputSize(), "dy", "offDy");
        Checks.vectorFits(w, offW, g.weightSize(), "w", "offW");
        Checks.vectorFits(dx, offDx, g.inputSize(), "dx", "offDx");
        Checks.disjoint(dx, offDx, g.inputSize(), "dx", dy, offDy, g.outputSize(), "dy");
        Checks.disjoint(dx, offDx, g.inputSize(), "dx", w, offW, g.weightSize(), "w");
        KernelProvider.active().conv1dBackwardInput(threads, g, dy, offDy, w, offW, dx, offDx);
    }

    /** dw = ∂L/∂w, summed over the batch. */
    public static void backwardWeight(Conv1dGeometry g, float[] x, int offX, float[] dy, int offDy,
                                      float[] dw, int offDw) {
        backwardWeight(KernelThreads.defaultCount(), g, x, offX, dy, offDy, dw, offDw);
    }

    /** dw = ∂L/∂w, summed over the batch, on at most {@code threads} threads. */
    public static void backwardWeight(int threads, Conv1dGeometry g, float[] x, int offX, float[] dy, int offDy,
                                      float[] dw, int offDw) {
        Checks.positive(threads, "threads");
        Checks.notNull(g, "geometry");
        Checks.notNull(x, "x");
        Checks.notNull(dy, "dy");
        Checks.notNull(dw, "dw");
        Checks.vectorFits(x, offX, g.inputSize(), "x", "offX");
        Checks.vectorFits(dy, offDy, g.outputSize(), "dy", "offDy");
        Checks.vectorFits(dw, offDw, g.weightSize(), "dw", "offDw");
        Checks.disjoint(dw, offDw, g.weightSize(), "dw", x, offX, g.inputSize(), "x");
        Checks.disjoint(dw, offDw, g.weightSize(), "dw", dy, offDy, g.outputSize(), "dy");
        KernelProvider.active().conv1dBackwardWeight(threads, g, x, offX, dy, offDy, dw, offDw);
    }

    /** db = ∂L/∂bias: dy summed over the batch and the positions. */
    public static void backwardBias(Conv1dGeometry g, float[] dy, int offDy, float[] db, int offDb) {
        Checks.notNull(g, "geometry");
        Checks.notNull(dy, "dy");
        Checks.notNull(db, "db");
        Checks.vectorFits(dy, offDy, g.outputSize(), "dy", "offDy");
        Checks.vectorFits(db, offDb, g.outChannels(), "db", "offDb");
        Checks.disjoint(db, offDb, g.outChannels(), "db", dy, offDy, g.outputSize(), "dy");
        KernelProvider.active().conv1dBackwardBias(g, dy, offDy, db, offDb);
    }
}
