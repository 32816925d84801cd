package dev.lanewise.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The loss kernels against direct double-precision evaluations of their definitions. */
class LossesTest {

    static IntStream sizes() {
        return IntStream.of(Shapes.sizes());
    }

    /** Mean of squares summed in double: within γ_n relative; each gradient is 2d/n rounded in double, then to
     * float: within one float ulp. */
    @ParameterizedTest
    @MethodSource("sizes")
    void meanSquaredErrorMatchesItsDefinition(int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        float[] out = TestArrays.vector(rnd, 1, n, -3, 3), target = TestArrays.vector(rnd, 2, n, -3, 3);
        float[] grad = new float[n + 3];
        double loss = Losses.meanSquaredError(n, out, 1, target, 2, grad, 3);
        if (n == 0) {
            assertThat(loss).isNaN();
            return;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) out[1 + i] - target[2 + i];
            sum += d * d;
            assertThat((double) grad[3 + i]).isCloseTo(2 * d / n, within((double) Math.ulp((float) (2 * d / n))));
        }
        assertThat(loss).isCloseTo(sum / n, within(Tolerance.gamma(n) * sum / n + 1e-300));
    }

    /** Σ_{j≠y} max(0, s_j − s_y + margin) per row, averaged; gradient 1/m per active margin, −count/m at the label. */
    @ParameterizedTest
    @MethodSource("sizes")
    void multiclassHingeMatchesItsDefinition(int n) {
        int classes = Math.max(1, n % 13);
        int m = n / Math.max(1, classes);
        SplittableRandom rnd = new SplittableRandom(n + 1);
        float[] s = TestArrays.vector(rnd, 2, m * classes, -2, 2);
        int[] labels = new int[m + 1];
        for (int i = 0; i < m; i++) {
            labels[1 + i] = rnd.nextInt(classes);
        }
        float[] grad = TestArrays.vector(rnd, 0, m * classes, 5, 6);   // stale contents must be overwritten
        double loss = Losses.multiclassHinge(m, classes, 0.75f, s, 2, labels, 1, grad, 0);
        if (m == 0) {
            assertThat(loss).isNaN();
            return;
        }
        double total = 0, magnitude = 0;
        for (int i = 0; i < m; i++) {
            int y = labels[1 + i], active = 0;
            for (int j = 0; j < classes; j++) {
                if (j == y) {
                    continue;
                }
                double h = (double) s[2 + i * classes + j] - s[2 + i * classes + y] + 0.75;
                magnitude += Math.abs(h);
                float expected = h > 0 ? 1f / m : 0f;
                if (h > 0) {
                    total += h;
                    active++;
                }
                assertThat(grad[i * classes + j]).as("grad[%d,%d]", i, j).isEqualTo(expected);
            }
            assertThat(grad[i * classes + y]).isEqualTo(-active * (1f / m));
        }
        assertThat(loss).isCloseTo(total / m, within(Tolerance.gamma(m * classes + 2) * magnitude / m + 1e-300));
    }

    @Test
    void badArgumentsAreNamed() {
        float[] s = new float[6], g = new float[6];
        assertThatThrownBy(() -> Losses.multiclassHinge(2, 3, 1f, s, 0, new int[]{0, 3}, 0, g, 0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("labels[1] (row 1): expected a class in [0, 3), got 3");
        assertThatThrownBy(() -> Losses.multiclassHinge(2, 3, Float.NaN, s, 0, new int[]{0, 1}, 0, g, 0))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("margin:");
        assertThatThrownBy(() -> Losses.meanSquaredError(7, s, 0, s, 0, new float[7], 0))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageStartingWith("output");
        assertThatThrownBy(() -> Losses.meanSquaredError(6, s, 0, g, 0, s, 0))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("grad:");
    }
}
