package dev.lanewise.kernels.reference;

/**
 * Batch normalization over the channel axis of a dense {@code [batch, channels, length]} array (PyTorch's
 * {@code BatchNorm1d}; {@code [batch, channels]} is length 1). Statistics per channel over batch·length values,
 * accumulated in double.
 */
public final class ReferenceNormalization {
    private ReferenceNormalization() {
    }

    /** y = γ·(x − mean)/√(var + ε) + β with the given (running) statistics. */
    public static void inference(int batch, int channels, int length, float eps, float[] x, int offX,
                                 float[] gamma, int offGamma, float[] beta, int offBeta,
                                 float[] mean, int offMean, float[] var, int offVar, float[] y, int offY) {
        for (int c = 0; c < channels; c++) {
            float scale = (float) (gamma[offGamma + c] / Math.sqrt((double) var[offVar + c] + eps));
            float shift = beta[offBeta + c] - mean[offMean + c] * scale;
            for (int i = 0; i < batch; i++) {
                int o = (i * channels + c) * length;
                for (int l = 0; l < length; l++) {
                    y[offY + o + l] = x[offX + o + l] * scale + shift;
                }
            }
        }
    }

    /**
     * Training pass: per channel the batch mean and biased variance; writes x̂ = (x − mean)/√(var + ε),
     * y = γ·x̂ + β and 1/√(var + ε), and moves the running statistics toward the batch's in place
     * (running = (1 − momentum)·running + momentum·batch, with the unbiased variance). Needs batch·length ≥ 2.
     */
    public static void training(int batch, int channels, int length, float eps, float momentum,
                                float[] x, int offX, float[] gamma, int offGamma, float[] beta, int offBeta,
                                float[] runningMean, int offRunningMean, float[] runningVar, int offRunningVar,
                                float[] invStd, int offInvStd, float[] xhat, int offXhat, float[] y, int offY) {
        long count = (long) batch * length;
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int i = 0; i < batch; i++) {
                int o = offX + (i * channels + c) * length;
                for (int l = 0; l < length; l++) {
                    sum += x[o + l];
                }
            }
            double mean = sum / count;
            double sq = 0;
            for (int i = 0; i < batch; i++) {
                int o = offX + (i * channels + c) * length;
                for (int l = 0; l < length; l++) {
                    double d = x[o + l] - mean;
                    sq += d * d;
                }
            }
            double inv = 1.0 / Math.sqrt(sq / count + eps);
            invStd[offInvStd + c] = (float) inv;
            float g = gamma[offGamma + c], b = beta[offBeta + c];
            for (int i = 0; i < batch; i++) {
                int o = (i * channels + c) * length;
                for (int l = 0; l < length; l++) {
                    float h = (float) ((x[offX + o + l] - mean) * inv);
                    xhat[offXhat + o + l] = h;
                    y[offY + o + l] = g * h + b;
                }
            }
            runningMean[offRunningMean + c] = (float) ((1 - momentum) * runningMean[offRunningMean + c]
                    + momentum * mean);
            runningVar[offRunningVar + c] = (float) ((1 - momentum) * runningVar[offRunningVar + c]
                    + momentum * sq / (count - 1));
        }
    }

    /**
     * dγ = Σ dy·x̂, dβ = Σ dy, dx = (γ·invStd / N)·(N·dy − Σ dy − x̂·Σ dy·x̂), sums per channel over batch and
     * length (N of them).
     */
    public static void backward(int batch, int channels, int length, float[] dy, int offDy, float[] xhat, int offXhat,
                                float[] gamma, int offGamma, float[] invStd, int offInvStd,
                                float[] dx, int offDx, float[] dGamma, int offDGamma, float[] dBeta, int offDBeta) {
        long count = (long) batch * length;
        for (int c = 0; c < channels; c++) {
            double sumDy = 0, sumDyXhat = 0;
            for (int i = 0; i < batch; i++) {
                int o = (i * channels + c) * length;
                for (int l = 0; l < length; l++) {
                    sumDy += dy[offDy + o + l];
                    sumDyXhat += (double) dy[offDy + o + l] * xhat[offXhat + o + l];
                }
            }
            dGamma[offDGamma + c] = (float) sumDyXhat;
            dBeta[offDBeta + c] = (float) sumDy;
            double k = (double) gamma[offGamma + c] * invStd[offInvStd + c] / count;
            for (int i = 0; i < batch; i++) {
                int o = (i * channels + c) * length;
                for (int l = 0; l < length; l++) {
                    dx[offDx + o + l] = (float) (k * (count * (double) dy[offDy + o + l] - sumDy
                            - xhat[offXhat + o + l] * sumDyXhat));
                }
            }
        }
    }
}
