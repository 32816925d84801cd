package dev.lanewise.kernels;

import dev.lanewise.kernels.reference.ReferenceSoftmax;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SoftmaxTest {

    static IntStream sizes() {
        return IntStream.of(Shapes.sizes());
    }

    /**
     * Relative error of one float softmax probability against the double reference: the shift x − max rounds
     * with relative error u, which exp turns into an absolute error u·|x − max| of the exponent; exp itself is
     * within a few ulps (4u budget, as for the activations); the sum of n terms adds γ_n; the final scaling one
     * rounding. Bounding |x − max| by the row's finite range gives γ_(n+6) + 2u·range for numerator and sum.
     */
    static double probabilityRelativeBound(int n, double range) {
        return Tolerance.gamma(n + 6) + 2 * Tolerance.U * range;
    }

    static double finiteRange(float[] x, int off, int n) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            if (Float.isFinite(x[off + j])) {
                lo = Math.min(lo, x[off + j]);
                hi = Math.max(hi, x[off + j]);
            }
        }
        return hi >= lo ? hi - lo : 0;
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void softmaxMatchesReferenceOnRaggedShapes(int n) {
        for (int m : new int[]{0, 1, 5}) {
            SplittableRandom rnd = new SplittableRandom(17L * n + m);
            int offX = rnd.nextInt(4), ldx = Math.max(1, n) + rnd.nextInt(3);
            int offY = rnd.nextInt(4), ldy = Math.max(1, n) + rnd.nextInt(3);
            float[] x = TestArrays.matrix(rnd, offX, m, n, ldx, 1);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    x[offX + i * ldx + j] *= 8f;
                }
            }
            float[] y = TestArrays.matrix(rnd, offY, m, n, ldy, 1);
            float[] expected = y.clone();
            float[] actual = y.clone();
            ReferenceSoftmax.softmax(m, n, x, offX, ldx, expected, offY, ldy);
            SoftmaxKernels.softmax(m, n, x, offX, ldx, actual, offY, ldy);
            for (int i = 0; i < m; i++) {
                double rel = probabilityRelativeBound(n, finiteRange(x, offX + i * ldx, n));
                for (int j = 0; j < n; j++) {
                    int idx = offY + i * ldy + j;
                    ActivationsTest.assertClose(actual[idx], expected[idx],
                            rel * expected[idx] + Float.MIN_VALUE * n, "softmax row " + i, j);
                }
            }
            TestArrays.assertOutsideUntouched(y, actual, offY, m, n, ldy);
        }
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void logSumExpMatchesReferenceOnRaggedShapes(int n) {
        int m = 4;
        SplittableRandom rnd = new SplittableRandom(23L * n);
        int ldx = Math.max(1, n) + 1;
        float[] x = TestArrays.matrix(rnd, 2, m, n, ldx, 0);
        for (int i = 0; i < x.length; i++) {
            x[i] *= 30f;
        }
        float[] expected = new float[m];
        float[] actual = new float[m + 1];
        ReferenceSoftmax.logSumExp(m, n, x, 2, ldx, expected, 0);
        SoftmaxKernels.logSumExp(m, n, x, 2, ldx, actual, 1);
        for (int i = 0; i < m; i++) {
            // log turns the sum's relative error into an absolute one; max + log(sum) rounds once more.
            double bound = probabilityRelativeBound(n, finiteRange(x, 2 + i * ldx, n))
                    + 2 * Tolerance.U * Math.abs(expected[i]) + Tolerance.U * Math.log(Math.max(n, 1));
            if (n == 0) {
                assertThat(actual[1 + i]).isEqualTo(Float.NEGATIVE_INFINITY).isEqualTo(expected[i]);
            } else {
                ActivationsTest.assertClose(actual[1 + i], expected[i], bound, "logSumExp", i);
            }
        }
    }

    @Test
    void softmaxHandlesHugeLogitsAndNegativeInfinity() {
        float[] x = {1e30f, -1e30f, 0f, Float.NEGATIVE_INFINITY, 1e30f};
        float[] y = new float[5];
        SoftmaxKernels.softmax(1, 5, x, 0, 5, y, 0, 5);
        assertThat(y).containsExactly(0.5f, 0f, 0f, 0f, 0.5f);
        float[] lse = new float[1];
        SoftmaxKernels.logSumExp(1, 5, x, 0, 5, lse, 0);
        assertThat((double) lse[0]).isCloseTo(1e30, org.assertj.core.api.Assertions.withinPercentage(1e-5));
    }

    @Test
    void softmaxOfNaNRowIsNaN() {
        float[] x = {1f, Float.NaN, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f, 13f, 14f, 15f, 16f, 17f};
        float[] y = new float[x.length];
        SoftmaxKernels.softmax(1, x.length, x, 0, x.length, y, 0, x.length);
        assertThat(y).containsOnly(Float.NaN);
    }

    /**
     * Softmax backward equals the Jacobian product dx_j = Σ_i dy_i·y_i·(δ_ij − y_j), evaluated in double: the
     * kernel's double dot product and one float rounding keep it within γ₂·Σ|dy_i·y_i| + u·|dx_j| of it.
     */
    @ParameterizedTest
    @MethodSource("rowShapes")
    void softmaxBackwardMatchesTheJacobianProduct(int m, int n) {
        SplittableRandom rnd = new SplittableRandom(31L * m + n);
        float[] x = TestArrays.matrix(rnd, 0, m, n, Math.max(1, n), 0);
        float[] y = new float[m * n];
        SoftmaxKernels.softmax(m, n, x, 0, Math.max(1, n), y, 0, Math.max(1, n));
        float[] dy = TestArrays.vector(rnd, 2, m * n, -1, 1);
        float[] dx = new float[m * n + 1];
        SoftmaxKernels.softmaxBackward(m, n, y, 0, dy, 2, dx, 1);
        for (int i = 0; i < m; i++) {
            double magnitude = 0;
            for (int k = 0; k < n; k++) {
                magnitude += Math.abs((double) dy[2 + i * n + k] * y[i * n + k]);
            }
            for (int j = 0; j < n; j++) {
                double exact = 0;
                for (int k = 0; k < n; k++) {
                    double yk = y[i * n + k], yj = y[i * n + j];
                    exact += dy[2 + i * n + k] * yk * ((k == j ? 1 : 0) - yj);
                }
                assertThat((double) dx[1 + i * n + j]).as("row %d col %d", i, j)
                        .isCloseTo(exact, within(Tolerance.gamma(n + 2) * (magnitude + Math.abs(exact)) + 1e-30));
            }
        }
    }

    /** m×n: empty, one row, and every listed width for a few row counts. */
    static Stream<Arguments> rowShapes() {
        return IntStream.of(Shapes.sizes()).boxed()
                .flatMap(n -> Stream.of(Arguments.of(0, n), Arguments.of(1, n), Arguments.of(3, n)));
    }
}
