package dev.lanewise.kernels.reference;

import dev.lanewise.kernels.Conv1dGeometry;

/**
 * Direct nested-loop 1-D convolution (cross-correlation, as PyTorch's Conv1d) on dense layouts:
 * x {@code [N, Cin, L]}, w {@code [Cout, Cin, K]}, bias {@code [Cout]}, y {@code [N, Cout, Lout]}, where output
 * position l reads input position {@code l·stride − padding + kk·dilation} (zero outside {@code [0, L)}).
 */
public final class ReferenceConv1d {
    private ReferenceConv1d() {
    }

    public static void forward(Conv1dGeometry g, float[] x, int offX, float[] w, int offW,
                               float[] bias, int offBias, float[] y, int offY) {
        int lout = g.outputLength();
        for (int nb = 0; nb < g.batch(); nb++) {
            for (int co = 0; co < g.outChannels(); co++) {
                for (int l = 0; l < lout; l++) {
                    float sum = bias[offBias + co];
                    for (int ci = 0; ci < g.inChannels(); ci++) {
                        for (int kk = 0; kk < g.kernelSize(); kk++) {
                            int pos = g.inputPosition(l, kk);
                            if (pos >= 0 && pos < g.length()) {
                                sum += w[offW + (co * g.inChannels() + ci) * g.kernelSize() + kk]
                                        * x[offX + (nb * g.inChannels() + ci) * g.length() + pos];
                            }
                        }
                    }
                    y[offY + (nb * g.outChannels() + co) * lout + l] = sum;
                }
            }
        }
    }

    /** dx = ∂L/∂x given dy = ∂L/∂y (dx is overwritten). */
    public static void backwardInput(Conv1dGeometry g, float[] dy, int offDy, float[] w, int offW,
                                     float[] dx, int offDx) {
        int lout = g.outputLength();
        java.util.Arrays.fill(dx, offDx, offDx + g.batch() * g.inChannels() * g.length(), 0f);
        for (int nb = 0; nb < g.batch(); nb++) {
            for (int co = 0; co < g.outChannels(); co++) {
                for (int l = 0; l < lout; l++) {
                    float d = dy[offDy + (nb * g.outChannels() + co) * lout + l];
                    for (int ci = 0; ci < g.inChannels(); ci++) {
                        for (int kk = 0; kk < g.kernelSize(); kk++) {
                            int pos = g.inputPosition(l, kk);
                            if (pos >= 0 && pos < g.length()) {
                                dx[offDx + (nb * g.inChannels() + ci) * g.length() + pos] +=
                                        w[offW + (co * g.inChannels() + ci) * g.kernelSize() + kk] * d;
                            }
                        }
                    }
                }
            }
        }
    }

    /** dw = ∂L/∂w summed over the batch (dw is overwritten). */
    public static void backwardWeight(Conv1dGeometry g, float[] x, int offX, float[] dy, int offDy,
                                      float[] dw, int offDw) {
        int lout = g.outputLength();
        for (int co = 0; co < g.outChannels(); co++) {
            for (int ci = 0; ci < g.inChannels(); ci++) {
                for (int kk = 0; kk < g.kernelSize(); kk++) {
                    float sum = 0f;
                    for (int nb = 0; nb < g.batch(); nb++) {
                        for (int l = 0; l < lout; l++) {
                            int pos = g.inputPosition(l, kk);
                            if (pos >= 0 && pos < g.length()) {
                                sum += dy[offDy + (nb * g.outChannels() + co) * lout + l]
                                        * x[offX + (nb * g.inChannels() + ci) * g.length() + pos];
                            }
                        }
                    }
                    dw[offDw + (co * g.inChannels() + ci) * g.kernelSize() + kk] = sum;
                }
            }
        }
    }

    /** db = ∂L/∂bias: dy summed over batch and positions (db is overwritten). */
    public static void backwardBias(Conv1dGeometry g, float[] dy, int offDy, float[] db, int offDb) {
        int lout = g.outputLength();
        for (int co = 0; co < g.outChannels(); co++) {
            float sum = 0f;
            for (int nb = 0; nb < g.batch(); nb++) {
                for (int l = 0; l < lout; l++) {
                    sum += dy[offDy + (nb * g.outChannels() + co) * lout + l];
                }
            }
            db[offDb + co] = sum;
        }
    }
}
