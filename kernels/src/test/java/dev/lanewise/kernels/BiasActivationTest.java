package dev.lanewise.kernels;

import dev.lanewise.kernels.reference.ReferenceBiasActivation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class BiasActivationTest {

    static Stream<Arguments> shapes() {
        List<Arguments> cases = new ArrayList<>();
        for (int n : Shapes.sizes()) {
            for (int m : new int[]{0, 1, 3, 17}) {
                for (Activation act : Activation.values()) {
                    cases.add(Arguments.of(act, m, n));
                }
            }
        }
        return cases.stream();
    }

    /** z + b is one correctly rounded addition and max(v, 0) is exact, so vector and reference agree bit for bit. */
    @ParameterizedTest
    @MethodSource("shapes")
    void matchesReferenceExactlyOnRaggedShapes(Activation act, int m, int n) {
        SplittableRandom rnd = new SplittableRandom(31L * m + n);
        int offZ = rnd.nextInt(4), ldz = Math.max(1, n) + rnd.nextInt(3);
        int offY = rnd.nextInt(4), ldy = Math.max(1, n) + rnd.nextInt(3);
        int offB = rnd.nextInt(4);
        float[] z = TestArrays.matrix(rnd, offZ, m, n, ldz, 1);
        float[] bias = TestArrays.vector(rnd, offB, n, -1, 1);
        float[] y = TestArrays.matrix(rnd, offY, m, n, ldy, 1);
        float[] expected = y.clone();
        ReferenceBiasActivation.forward(act, m, n, z, offZ, ldz, bias, offB, expected, offY, ldy);
        float[] actual = y.clone();
        BiasActivation.forward(act, m, n, z, offZ, ldz, bias, offB, actual, offY, ldy);
        assertThat(actual).usingElementComparator(TestArrays::compareBits).containsExactly(expected);
        TestArrays.assertOutsideUntouched(y, actual, offY, m, n, ldy);
    }

    @Test
    void reluPropagatesNaNAndClampsNegativeZero() {
        float[] z = {Float.NaN, -0f, -1f, 2f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
        float[] bias = new float[6];
        float[] y = new float[6];
        BiasActivation.forward(Activation.RELU, 1, 6, z, 0, 6, bias, 0, y, 0, 6);
        assertThat(y).containsExactly(Float.NaN, 0f, 0f, 2f, 0f, Float.POSITIVE_INFINITY);
    }

    @Test
    void worksInPlace() {
        SplittableRandom rnd = new SplittableRandom(5);
        int m = 9, n = 37;
        float[] z = TestArrays.matrix(rnd, 0, m, n, n, 0);
        float[] bias = TestArrays.vector(rnd, 0, n, -1, 1);
        float[] expected = new float[z.length];
        ReferenceBiasActivation.forward(Activation.RELU, m, n, z, 0, n, bias, 0, expected, 0, n);
        BiasActivation.forward(Activation.RELU, m, n, z, 0, n, bias, 0, z, 0, n);
        assertThat(z).containsExactly(expected);
    }
}
