package dev.lanewise.kernels;

import dev.lanewise.kernels.reference.ReferenceBlas1;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class Blas1Test {

    static IntStream sizes() {
        return IntStream.concat(IntStream.of(Shapes.sizes()), IntStream.of(4099, 100_003));
    }

    /** y + αx: the vector FMA rounds once, the reference twice; each is within γ_2·(|αx| + |y|) of the exact value. */
    @ParameterizedTest
    @MethodSource("sizes")
    void axpyMatchesReference(int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        float[] x = TestArrays.vector(rnd, 3, n, -2, 2);
        float[] y = TestArrays.vector(rnd, 1, n, -2, 2);
        float[] expected = y.clone();
        float[] actual = y.clone();
        ReferenceBlas1.axpy(n, -1.7f, x, 3, expected, 1);
        Blas1.axpy(n, -1.7f, x, 3, actual, 1);
        for (int i = 0; i < n; i++) {
            double magnitude = Math.abs(1.7 * x[3 + i]) + Math.abs(y[1 + i]);
            ActivationsTest.assertClose(actual[1 + i], expected[1 + i], Tolerance.twoFloatSums(2, magnitude), "axpy", i);
        }
        TestArrays.assertOutsideUntouched(y, actual, 1, 1, n, Math.max(1, n));
    }

    /** One correctly rounded multiplication per element in both: bit-identical. */
    @ParameterizedTest
    @MethodSource("sizes")
    void scaleMatchesReferenceExactly(int n) {
        SplittableRandom rnd = new SplittableRandom(n + 1);
        float[] x = TestArrays.vector(rnd, 2, n, -5, 5);
        float[] expected = x.clone();
        float[] actual = x.clone();
        ReferenceBlas1.scale(n, 0.3f, expected, 2);
        Blas1.scale(n, 0.3f, actual, 2);
        assertThat(actual).usingElementComparator(TestArrays::compareBits).containsExactly(expected);
    }

    /** Float partial sums of at most n terms against a double sum: γ_n·Σ|terms| + u·Σ|terms|. */
    @ParameterizedTest
    @MethodSource("sizes")
    void squaredNormAndSumMatchDoubleReference(int n) {
        SplittableRandom rnd = new SplittableRandom(n + 2);
        float[] x = TestArrays.vector(rnd, 1, n, -3, 3);
        double squares = ReferenceBlas1.squaredNorm(n, x, 1);
        assertThat(Blas1.squaredNorm(n, x, 1)).isCloseTo(squares, within(Tolerance.floatVersusDouble(n + 1, squares)));
        double absSum = 0;
        for (int i = 0; i < n; i++) {
            absSum += Math.abs(x[1 + i]);
        }
        assertThat(Blas1.sum(n, x, 1)).isCloseTo(ReferenceBlas1.sum(n, x, 1),
                within(Tolerance.floatVersusDouble(n + 1, absSum)));
    }

    /** One correctly rounded product per element in both: bit-identical, in place too. */
    @ParameterizedTest
    @MethodSource("sizes")
    void multiplyMatchesReferenceExactly(int n) {
        SplittableRandom rnd = new SplittableRandom(n + 3);
        float[] x = TestArrays.vector(rnd, 1, n, -4, 4);
        float[] y = TestArrays.vector(rnd, 2, n, -4, 4);
        float[] expected = new float[n + 4];
        float[] actual = new float[n + 4];
        ReferenceBlas1.multiply(n, x, 1, y, 2, expected, 3);
        Blas1.multiply(n, x, 1, y, 2, actual, 3);
        TestArrays.assertBitEqual(actual, expected, "multiply");
        float[] inPlace = x.clone();
        Blas1.multiply(n, inPlace, 1, y, 2, inPlace, 1);
        for (int i = 0; i < n; i++) {
            assertThat(inPlace[1 + i]).isEqualTo(expected[3 + i]);
        }
    }
}
