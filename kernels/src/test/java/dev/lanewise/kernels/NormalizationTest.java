package dev.lanewise.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Batch normalization checked by its defining properties, computed independently in double. */
class NormalizationTest {

    static Stream<Arguments> shapes() {
        return Stream.of(Arguments.of(2, 1, 1), Arguments.of(1, 3, 2), Arguments.of(7, 5, 1), Arguments.of(4, 3, 17),
                Arguments.of(3, 2, Vectorization.floatLanes() + 1), Arguments.of(64, 300, 1));
    }

    /**
     * x̂ = (x − μ)/√(σ² + ε) with the batch mean and biased variance of each channel, y = γx̂ + β, invStd =
     * 1/√(σ² + ε), running statistics moved by momentum with the unbiased variance. Each output is a few
     * roundings of a double expression: |x̂| ≤ √N, so 4u·(|x̂| + 1) bounds x̂, and the same scaled by |γ|, |β| for y.
     */
    @ParameterizedTest
    @MethodSource("shapes")
    void trainingNormalizesEachChannelWithItsBatchStatistics(int batch, int channels, int length) {
        SplittableRandom rnd = new SplittableRandom(batch * 1000L + channels * 10L + length);
        int size = batch * channels * length;
        float[] x = TestArrays.vector(rnd, 1, size, -2, 5);
        float[] gamma = TestArrays.vector(rnd, 0, channels, 0.5, 2), beta = TestArrays.vector(rnd, 0, channels, -1, 1);
        float[] runMean = TestArrays.vector(rnd, 0, channels, -1, 1), runVar = TestArrays.vector(rnd, 0, channels, 1, 2);
        float[] mean0 = runMean.clone(), var0 = runVar.clone();
        float[] invStd = new float[channels], xhat = new float[size], y = new float[size + 2];
        float eps = 1e-5f, momentum = 0.1f;
        Normalization.batchNormTraining(batch, channels, length, eps, momentum, x, 1, gamma, 0, beta, 0,
                runMean, 0, runVar, 0, invStd, 0, xhat, 0, y, 2);
        int count = batch * length;
        for (int c = 0; c < channels; c++) {
            double sum = 0, sq = 0;
            for (int i = 0; i < batch; i++) {
                for (int l = 0; l < length; l++) {
                    sum += x[1 + (i * channels + c) * length + l];
                }
            }
            double mu = sum / count;
            for (int i = 0; i < batch; i++) {
                for (int l = 0; l < length; l++) {
                    double d = x[1 + (i * channels + c) * length + l] - mu;
                    sq += d * d;
                }
            }
            double inv = 1 / Math.sqrt(sq / count + eps);
            assertThat((double) invStd[c]).isCloseTo(inv, within(4 * Tolerance.U * inv));
            for (int i = 0; i < batch; i++) {
                for (int l = 0; l < length; l++) {
                    int o = (i * channels + c) * length + l;
                    double h = (x[1 + o] - mu) * inv;
                    assertThat((double) xhat[o]).isCloseTo(h, within(4 * Tolerance.U * (Math.abs(h) + 1)));
                    double expectedY = gamma[c] * h + beta[c];
                    assertThat((double) y[2 + o]).isCloseTo(expectedY,
                            within(4 * Tolerance.U * (Math.abs(gamma[c] * h) + Math.abs(beta[c]) + 1)));
                }
            }
            double newMean = 0.9 * mean0[c] + 0.1 * mu, newVar = 0.9 * var0[c] + 0.1 * sq / (count - 1);
            assertThat((double) runMean[c]).isCloseTo(newMean, within(4 * Tolerance.U * (Math.abs(newMean) + 1)));
            assertThat((double) runVar[c]).isCloseTo(newVar, within(4 * Tolerance.U * newVar));
        }
    }

    /**
     * dx against central differences of L(x) = Σ dy·y(x), the training pass evaluated in double by this test
     * (ε included), on up to 40 elements per shape; dβ = Σ dy and dγ = Σ dy·x̂. The kernel's dx is one float
     * rounding of a double expression whose terms are k·(N|dy| + |Σdy| + |x̂||Σdy·x̂|), and x̂ carries a few u,
     * so 8u of that bounds the kernel; 1e-6 relative bounds the difference quotient (h = 1e-6: h²·L‴ and
     * 2⁻⁵²·|L|/h are both far below it).
     */
    @ParameterizedTest
    @MethodSource("shapes")
    void backwardMatchesFiniteDifferencesOfTheTrainingPass(int batch, int channels, int length) {
        SplittableRandom rnd = new SplittableRandom(batch + 17L * channels + 101L * length);
        int size = batch * channels * length, count = batch * length;
        float[] x = TestArrays.vector(rnd, 0, size, -1, 3);
        float[] gamma = TestArrays.vector(rnd, 0, channels, 0.5, 2), beta = new float[channels];
        float[] invStd = new float[channels], xhat = new float[size], y = new float[size];
        float eps = 1e-5f;
        Normalization.batchNormTraining(batch, channels, length, eps, 0.1f, x, 0, gamma, 0, beta, 0,
                new float[channels], 0, new float[channels], 0, invStd, 0, xhat, 0, y, 0);
        float[] dy = TestArrays.vector(rnd, 3, size, -1, 1);
        float[] dx = new float[size], dGamma = new float[channels + 1], dBeta = new float[channels + 1];
        Normalization.batchNormBackward(batch, channels, length, dy, 3, xhat, 0, gamma, 0, invStd, 0, dx, 0,
                dGamma, 1, dBeta, 1);
        double[] xd = new double[size];
        for (int i = 0; i < size; i++) {
            xd[i] = x[i];
        }
        int probes = Math.min(size, 40);
        for (int e = 0; e < probes; e++) {
            int j = (int) ((long) e * size / probes);
            int c = (j / length) % channels;
            double h = 1e-6, saved = xd[j];
            xd[j] = saved + h;
            double up = channelLoss(xd, dy, gamma[c], eps, batch, channels, length, c);
            xd[j] = saved - h;
            double down = channelLoss(xd, dy, gamma[c], eps, batch, channels, length, c);
            xd[j] = saved;
            double numeric = (up - down) / (2 * h);
            double sumDy = 0, sumDyXhat = 0;
            for (int i = 0; i < batch; i++) {
                for (int l = 0; l < length; l++) {
                    int o = (i * channels + c) * length + l;
                    sumDy += dy[3 + o];
                    sumDyXhat += (double) dy[3 + o] * xhat[o];
                }
            }
            double k = gamma[c] * invStd[c] / count;
            double terms = k * (count * Math.abs(dy[3 + j]) + Math.abs(sumDy) + Math.abs(xhat[j] * sumDyXhat));
            double bound = 8 * Tolerance.U * terms + 1e-6 * (1 + Math.abs(numeric));
            assertThat((double) dx[j]).as("dx[%d] of %s", j, java.util.List.of(batch, channels, length))
                    .isCloseTo(numeric, within(bound));
        }
        for (int c = 0; c < channels; c++) {
            double sumDy = 0, dotDy = 0, magnitude = 0;
            for (int i = 0; i < batch; i++) {
                for (int l = 0; l < length; l++) {
                    int o = (i * channels + c) * length + l;
                    sumDy += dy[3 + o];
                    dotDy += (double) dy[3 + o] * xhat[o];
                    magnitude += Math.abs(dy[3 + o]) * (1 + Math.abs(xhat[o]));
                }
            }
            assertThat((double) dBeta[1 + c]).isCloseTo(sumDy, within(Tolerance.U * (magnitude + 1e-30)));
            assertThat((double) dGamma[1 + c]).isCloseTo(dotDy, within(Tolerance.U * (magnitude + 1e-30)));
        }
    }

    /** Σ dy·γ·(x − μ)/√(σ² + ε) over channel c, all in double (β adds a constant and drops out of the derivative). */
    private static double channelLoss(double[] x, float[] dy, float gamma, float eps, int batch, int channels,
                                      int length, int c) {
        int count = batch * length;
        double sum = 0, sq = 0, loss = 0;
        for (int i = 0; i < batch; i++) {
            for (int l = 0; l < length; l++) {
                sum += x[(i * channels + c) * length + l];
            }
        }
        double mu = sum / count;
        for (int i = 0; i < batch; i++) {
            for (int l = 0; l < length; l++) {
                double d = x[(i * channels + c) * length + l] - mu;
                sq += d * d;
            }
        }
        double inv = 1 / Math.sqrt(sq / count + eps);
        for (int i = 0; i < batch; i++) {
            for (int l = 0; l < length; l++) {
                int o = (i * channels + c) * length + l;
                loss += dy[3 + o] * gamma * (x[o] - mu) * inv;
            }
        }
        return loss;
    }

    @Test
    void badArgumentsAreNamed() {
        float[] x = new float[6], c = new float[3];
        assertThatThrownBy(() -> Normalization.batchNormTraining(1, 3, 1, 1e-5f, 0.1f, x, 0, c, 0, c, 0,
                new float[3], 0, new float[3], 0, new float[3], 0, new float[3], 0, new float[3], 0))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("batch·length:");
        assertThatThrownBy(() -> Normalization.batchNormInference(2, 3, 1, 0f, x, 0, c, 0, c, 0, c, 0, c, 0,
                new float[6], 0))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("eps:");
        assertThatThrownBy(() -> Normalization.batchNormInference(2, 3, 1, 1e-5f, x, 0, new float[2], 0, c, 0,
                c, 0, c, 0, new float[6], 0))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageStartingWith("gamma");
        // Outputs may not overlap inputs or each other: invStd inside x, dGamma inside gamma, y onto the running mean.
        float[] big = new float[20];
        assertThatThrownBy(() -> Normalization.batchNormTraining(2, 3, 1, 1e-5f, 0.1f, big, 0, c, 0, new float[3], 0,
                new float[3], 0, new float[3], 0, big, 2, new float[6], 0, new float[6], 0))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("invStd")
                .hasMessageContaining("x");
        assertThatThrownBy(() -> Normalization.batchNormBackward(2, 3, 1, new float[6], 0, new float[6], 0, big, 0,
                new float[3], 0, new float[6], 0, big, 1, new float[3], 0))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("dGamma")
                .hasMessageContaining("gamma");
        float[] stats = new float[9];
        assertThatThrownBy(() -> Normalization.batchNormInference(2, 3, 1, 1e-5f, x, 0, c, 0, c, 0, stats, 0, c, 0,
                stats, 1))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("mean");
    }
}
