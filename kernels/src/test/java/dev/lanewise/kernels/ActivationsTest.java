package dev.lanewise.kernels;

import dev.lanewise.kernels.reference.ReferenceActivations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

class ActivationsTest {
    /**
     * Bounds stated in {@link Activations}: the lanewise EXP/TANH intrinsics are faithful to about 1 ulp, and
     * sigmoid adds one addition and one division, so 4 ulps of the double reference leaves headroom while still
     * catching any real defect (a wrong formula is off by thousands of ulps).
     */
    static final double TRANSCENDENTAL_ULPS = 4;

    static IntStream sizes() {
        return IntStream.of(Shapes.sizes());
    }

    static float[] inputsWithExtremes(int n, int off, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = TestArrays.vector(rnd, off, n, -12, 12);
        float[] extremes = {0f, -0f, 1e-30f, -1e-30f, Float.MIN_VALUE, 88f, -88f, 104f, -104f, 1e30f, -1e30f,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.5f, -0.5f, 9f, -9f, 20f, -20f};
        for (int i = 0; i < n; i += 3) {
            x[off + i] = extremes[(i / 3) % extremes.length];
        }
        return x;
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void reluBackwardMatchesReferenceExactly(int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        float[] dy = TestArrays.vector(rnd, 1, n, -1, 1);
        float[] z = inputsWithExtremes(n, 2, n);
        float[] expected = new float[n + 3];
        float[] actual = new float[n + 3];
        ReferenceActivations.reluBackward(n, dy, 1, z, 2, expected, 3);
        Activations.reluBackward(n, dy, 1, z, 2, actual, 3);
        assertThat(actual).usingElementComparator(TestArrays::compareBits).containsExactly(expected);
    }

    @Test
    void reluGradientIsZeroAtZeroAndForNaN() {
        float[] dy = {5f, 5f, 5f, 5f};
        float[] z = {0f, -0f, Float.NaN, Float.MIN_VALUE};
        float[] dx = new float[4];
        Activations.reluBackward(4, dy, 0, z, 0, dx, 0);
        assertThat(dx).containsExactly(0f, 0f, 0f, 5f);
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void sigmoidIsWithinStatedUlpsOfDoubleReference(int n) {
        float[] x = inputsWithExtremes(n, 3, 7L * n);
        float[] expected = new float[n];
        float[] actual = new float[n + 1];
        ReferenceActivations.sigmoid(n, x, 3, expected, 0);
        Activations.sigmoid(n, x, 3, actual, 1);
        for (int i = 0; i < n; i++) {
            double truth = 1.0 / (1.0 + Math.exp(-(double) x[3 + i]));
            assertUlps(actual[1 + i], truth, "sigmoid(" + x[3 + i] + ")");
            assertThat(expected[i]).isEqualTo((float) truth);
        }
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void tanhIsWithinStatedUlpsOfDoubleReference(int n) {
        float[] x = inputsWithExtremes(n, 0, 11L * n);
        float[] actual = new float[n];
        Activations.tanh(n, x, 0, actual, 0);
        for (int i = 0; i < n; i++) {
            assertUlps(actual[i], Math.tanh(x[i]), "tanh(" + x[i] + ")");
        }
    }

    @Test
    void sigmoidAndTanhDenseSweepStayWithinStatedUlps() {
        int n = 200_001;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = -100f + i * (200f / (n - 1));
        }
        float[] s = new float[n];
        float[] t = new float[n];
        Activations.sigmoid(n, x, 0, s, 0);
        Activations.tanh(n, x, 0, t, 0);
        double worstSigmoid = 0, worstTanh = 0;
        for (int i = 0; i < n; i++) {
            worstSigmoid = Math.max(worstSigmoid, Tolerance.ulps(s[i], 1.0 / (1.0 + Math.exp(-(double) x[i]))));
            worstTanh = Math.max(worstTanh, Tolerance.ulps(t[i], Math.tanh(x[i])));
        }
        System.out.printf("[%s] worst error over [-100, 100]: sigmoid %.2f ulp, tanh %.2f ulp%n",
                Vectorization.describe(), worstSigmoid, worstTanh);
        assertThat(worstSigmoid).isLessThanOrEqualTo(TRANSCENDENTAL_ULPS);
        assertThat(worstTanh).isLessThanOrEqualTo(TRANSCENDENTAL_ULPS);
    }

    @net.jqwik.api.Property(tries = 200)
    void sigmoidAndTanhStayWithinStatedUlpsOnRandomSizesAndOffsets(
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(max = 600) int n,
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(max = 20) int off, @net.jqwik.api.ForAll long seed) {
        float[] x = inputsWithExtremes(n, off, seed);
        float[] s = new float[n + off];
        float[] t = new float[n + off];
        Activations.sigmoid(n, x, off, s, off);
        Activations.tanh(n, x, off, t, off);
        for (int i = off; i < off + n; i++) {
            assertUlps(s[i], 1.0 / (1.0 + Math.exp(-(double) x[i])), "sigmoid(" + x[i] + ")");
            assertUlps(t[i], Math.tanh(x[i]), "tanh(" + x[i] + ")");
        }
    }

    @Test
    void sigmoidAndTanhOfNaNAreNaN() {
        float[] x = new float[40];
        java.util.Arrays.fill(x, Float.NaN);
        float[] y = new float[40];
        Activations.sigmoid(40, x, 0, y, 0);
        assertThat(y).containsOnly(Float.NaN);
        Activations.tanh(40, x, 0, y, 0);
        assertThat(y).containsOnly(Float.NaN);
    }

    /** dy·y·(1−y) and dy·(1−y)(1+y) take three float roundings each (1 − y is exact for y ≥ ½): γ_3 plus the final rounding. */
    @ParameterizedTest
    @MethodSource("sizes")
    void backwardPassesMatchDoubleReference(int n) {
        SplittableRandom rnd = new SplittableRandom(13L * n);
        float[] dy = TestArrays.vector(rnd, 2, n, -3, 3);
        float[] sig = TestArrays.vector(rnd, 1, n, 0, 1);
        float[] tanh = TestArrays.vector(rnd, 0, n, -1, 1);
        float[] expected = new float[n];
        float[] actual = new float[n];
        ReferenceActivations.sigmoidBackward(n, sig, 1, dy, 2, expected, 0);
        Activations.sigmoidBackward(n, sig, 1, dy, 2, actual, 0);
        for (int i = 0; i < n; i++) {
            double magnitude = Math.abs(dy[2 + i] * (double) sig[1 + i] * (1 - sig[1 + i]));
            assertClose(actual[i], expected[i], Tolerance.floatVersusDouble(3, magnitude), "sigmoidBackward", i);
        }
        ReferenceActivations.tanhBackward(n, tanh, 0, dy, 2, expected, 0);
        Activations.tanhBackward(n, tanh, 0, dy, 2, actual, 0);
        for (int i = 0; i < n; i++) {
            double magnitude = Math.abs(dy[2 + i] * (1 - (double) tanh[i] * tanh[i]));
            assertClose(actual[i], expected[i], Tolerance.floatVersusDouble(3, magnitude), "tanhBackward", i);
        }
    }

    private static void assertUlps(float actual, double truth, String what) {
        double ulps = Tolerance.ulps(actual, truth);
        if (!(ulps <= TRANSCENDENTAL_ULPS)) {
            fail("%s = %s, double reference %s: %s ulps > %s", what, actual, truth, ulps, TRANSCENDENTAL_ULPS);
        }
    }

    static void assertClose(float actual, double expected, double tolerance, String what, int index) {
        double error = Math.abs(actual - expected);
        if (!(error <= tolerance) && !(Double.isNaN(expected) && Float.isNaN(actual))) {
            fail("%s[%d] = %s, reference %s: |error| %s > bound %s", what, index, actual, expected, error, tolerance);
        }
    }

    /** max(x, 0) is exact: vector and reference agree bit for bit, NaN and −0 included. */
    @ParameterizedTest
    @MethodSource("sizes")
    void reluMatchesReferenceExactly(int n) {
        float[] x = inputsWithExtremes(n, 2, n + 11);
        if (n > 4) {
            x[2 + 4] = Float.NaN;
        }
        float[] expected = new float[n + 3];
        float[] actual = new float[n + 3];
        ReferenceActivations.relu(n, x, 2, expected, 1);
        Activations.relu(n, x, 2, actual, 1);
        TestArrays.assertBitEqual(actual, expected, "relu");
    }

    @Test
    void reluKeepsNaNAndZeroesNegatives() {
        float[] x = {Float.NaN, -3f, 0f, 2.5f, Float.NEGATIVE_INFINITY};
        float[] y = new float[5];
        Activations.relu(5, x, 0, y, 0);
        assertThat(y).containsExactly(Float.NaN, 0f, 0f, 2.5f, 0f);
    }
}
