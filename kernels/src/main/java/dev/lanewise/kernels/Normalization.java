package dev.lanewise.kernels;

import dev.lanewise.kernels.ops.KernelProvider;

import java.util.List;

/**
 * Batch normalization over the channel axis of a dense {@code [batch, channels, length]} array, as PyTorch's
 * {@code BatchNorm1d} ({@code [batch, channels]} is length 1): statistics per channel over batch·length values,
 * accumulated in double. Per-channel arrays (γ, β, statistics, 1/σ, the gradients of γ and β) hold
 * {@code channels} floats; outputs share no element with any input.
 */
public final class Normalization {
    private Normalization() {
    }

    /** y = γ·(x − mean)/√(var + ε) + β with given statistics (inference with the running ones). */
    public static void batchNormInference(int batch, int channels, int length, float eps, float[] x, int offX,
                                          float[] gamma, int offGamma, float[] beta, int offBeta,
                                          float[] mean, int offMean, float[] var, int offVar, float[] y, int offY) {
        long size = checkShape(batch, channels, length, eps);
        Checks.vectorFits(Checks.notNull(x, "x"), offX, size, "x", "offX");
        Checks.vectorFits(Checks.notNull(y, "y"), offY, size, "y", "offY");
        perChannel(channels, gamma, offGamma, "gamma", "offGamma");
        perChannel(channels, beta, offBeta, "beta", "offBeta");
        perChannel(channels, mean, offMean, "mean", "offMean");
        perChannel(channels, var, offVar, "var", "offVar");
        Checks.inPlaceOrDisjoint(y, offY, "y", x, offX, "x", (int) size);
        // Written out, not through disjoint(List, List): inference is a per-request path and allocates nothing.
        Checks.disjoint(y, offY, (int) size, "y", gamma, offGamma, channels, "gamma");
        Checks.disjoint(y, offY, (int) size, "y", beta, offBeta, channels, "beta");
        Checks.disjoint(y, offY, (int) size, "y", mean, offMean, channels, "mean");
        Checks.disjoint(y, offY, (int) size, "y", var, offVar, channels, "var");
        KernelProvider.active().batchNormInference(batch, channels, length, eps, x, offX, gamma, offGamma,
                beta, offBeta, mean, offMean, var, offVar, y, offY);
    }

    /**
     * Training: the batch mean and biased variance per channel; writes x̂ = (x − mean)/√(var + ε), y = γ·x̂ + β and
     * invStd = 1/√(var + ε), and moves {@code runningMean}/{@code runningVar} in place toward the batch's
     * statistics (running = (1 − momentum)·running + momentum·batch, unbiased variance). Needs batch·length ≥ 2.
     */
    public static void batchNormTraining(int batch, int channels, int length, float eps, float momentum,
                                         float[] x, int offX, float[] gamma, int offGamma, float[] beta, int offBeta,
                                         float[] runningMean, int offRunningMean,
                                         float[] runningVar, int offRunningVar, float[] invStd, int offInvStd,
                                         float[] xhat, int offXhat, float[] y, int offY) {
        long size = checkShape(batch, channels, length, eps);
        if ((long) batch * length < 2) {
            throw new IllegalArgumentException("batch·length: expected at least 2 values per channel in training,"
                    + " got batch " + batch + " × length " + length);
        }
        if (!(momentum >= 0f && momentum <= 1f)) {
            throw new IllegalArgumentException("momentum: expected a value in [0, 1], got " + momentum);
        }
        Checks.vectorFits(Checks.notNull(x, "x"), offX, size, "x", "offX");
        Checks.vectorFits(Checks.notNull(xhat, "xhat"), offXhat, size, "xhat", "offXhat");
        Checks.vectorFits(Checks.notNull(y, "y"), offY, size, "y", "offY");
        perChannel(channels, gamma, offGamma, "gamma", "offGamma");
        perChannel(channels, beta, offBeta, "beta", "offBeta");
        perChannel(channels, runningMean, offRunningMean, "runningMean", "offRunningMean");
        perChannel(channels, runningVar, offRunningVar, "runningVar", "offRunningVar");
        perChannel(channels, invStd, offInvStd, "invStd", "offInvStd");
        int n = (int) size;
        disjoint(List.of(new Span(y, offY, n, "y"), new Span(xhat, offXhat, n, "xhat"),
                        new Span(invStd, offInvStd, channels, "invStd"),
                        new Span(runningMean, offRunningMean, channels, "runningMean"),
                        new Span(runningVar, offRunningVar, channels, "runningVar")),
                List.of(new Span(x, offX, n, "x"), new Span(gamma, offGamma, channels, "gamma"),
                        new Span(beta, offBeta, channels, "beta")));
        KernelProvider.active().batchNormTraining(batch, channels, length, eps, momentum, x, offX, gamma, offGamma,
                beta, offBeta, runningMean, offRunningMean, runningVar, offRunningVar, invStd, offInvStd,
                xhat, offXhat, y, offY);
    }

    /**
     * Backward of the training pass: dγ = Σ dy·x̂, dβ = Σ dy, dx = (γ·invStd / N)·(N·dy − Σ dy − x̂·Σ dy·x̂), sums
     * per channel over batch and length (N = batch·length of them).
     */
    public static void batchNormBackward(int batch, int channels, int length, float[] dy, int offDy,
                                         float[] xhat, int offXhat, float[] gamma, int offGamma,
                                         float[] invStd, int offInvStd, float[] dx, int offDx,
                                         float[] dGamma, int offDGamma, float[] dBeta, int offDBeta) {
        long size = checkShape(batch, channels, length, 1f);
        Checks.vectorFits(Checks.notNull(dy, "dy"), offDy, size, "dy", "offDy");
        Checks.vectorFits(Checks.notNull(xhat, "xhat"), offXhat, size, "xhat", "offXhat");
        Checks.vectorFits(Checks.notNull(dx, "dx"), offDx, size, "dx", "offDx");
        perChannel(channels, gamma, offGamma, "gamma", "offGamma");
        perChannel(channels, invStd, offInvStd, "invStd", "offInvStd");
        perChannel(channels, dGamma, offDGamma, "dGamma", "offDGamma");
        perChannel(channels, dBeta, offDBeta, "dBeta", "offDBeta");
        int n = (int) size;
        disjoint(List.of(new Span(dx, offDx, n, "dx"), new Span(dGamma, offDGamma, channels, "dGamma"),
                        new Span(dBeta, offDBeta, channels, "dBeta")),
                List.of(new Span(dy, offDy, n, "dy"), new Span(xhat, offXhat, n, "xhat"),
                        new Span(gamma, offGamma, channels, "gamma"), new Span(invStd, offInvStd, channels, "invStd")));
        KernelProvider.active().batchNormBackward(batch, channels, length, dy, offDy, xhat, offXhat,
                gamma, offGamma, invStd, offInvStd, dx, offDx, dGamma, offDGamma, dBeta, offDBeta);
    }

    /** A checked range of one argument array. */
    private record Span(float[] array, int off, int n, String name) {
    }

    /** Every output shares no element with any input, nor with another output (the class's aliasing rule). */
    private static void disjoint(List<Span> outputs, List<Span> inputs) {
        for (int i = 0; i < outputs.size(); i++) {
            Span o = outputs.get(i);
            for (Span in : inputs) {
                Checks.disjoint(o.array, o.off, o.n, o.name, in.array, in.off, in.n, in.name);
            }
            for (int j = i + 1; j < outputs.size(); j++) {
                Span p = outputs.get(j);
                Checks.disjoint(o.array, o.off, o.n, o.name, p.array, p.off, p.n, p.name);
            }
        }
    }

    private static long checkShape(int batch, int channels, int length, float eps) {
        Checks.nonNegative(batch, "batch");
        Checks.nonNegative(channels, "channels");
        Checks.nonNegative(length, "length");
        if (!(eps > 0f) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException("eps: expected a finite value > 0, got " + eps);
        }
        return (long) batch * channels * length;
    }

    private static void perChannel(int channels, float[] a, int off, String name, String offName) {
        Checks.vectorFits(Checks.notNull(a, name), off, channels, name, offName);
    }
}
