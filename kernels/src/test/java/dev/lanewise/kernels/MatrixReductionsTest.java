package dev.lanewise.kernels;

import dev.lanewise.kernels.reference.ReferenceMatrixReductions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MatrixReductionsTest {

    static IntStream sizes() {
        return IntStream.of(Shapes.sizes());
    }

    /** Same additions in the same (row) order per column: bit-identical, on every species. */
    @ParameterizedTest
    @MethodSource("sizes")
    void columnSumsMatchReferenceExactly(int n) {
        for (int m : new int[]{0, 1, 7, 64}) {
            SplittableRandom rnd = new SplittableRandom(n * 100L + m);
            int lda = Math.max(1, n) + rnd.nextInt(3);
            float[] a = TestArrays.matrix(rnd, 2, m, n, lda, 1);
            float[] expected = new float[n + 1];
            float[] actual = new float[n + 1];
            java.util.Arrays.fill(actual, 42f);
            ReferenceMatrixReductions.columnSums(m, n, a, 2, lda, expected, 1);
            expected[0] = 42f;
            MatrixReductions.columnSums(m, n, a, 2, lda, actual, 1);
            assertThat(actual).usingElementComparator(TestArrays::compareBits).containsExactly(expected);
        }
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void rowArgmaxMatchesReferenceWithTiesNaNAndSignedZeros(int n) {
        if (n == 0) {
            return;
        }
        int m = 9;
        SplittableRandom rnd = new SplittableRandom(n);
        int lda = n + 2;
        float[] a = TestArrays.matrix(rnd, 1, m, n, lda, 0);
        // Row 1: a tie between two equal maxima; row 2: NaN late; row 3: all −∞; row 4: −0 before +0;
        // row 5: several NaN; row 6: all equal.
        a[1 + lda + (n - 1)] = 5f;
        a[1 + lda + n / 2] = 5f;
        a[1 + 2 * lda + (n - 1)] = Float.NaN;
        for (int j = 0; j < n; j++) {
            a[1 + 3 * lda + j] = Float.NEGATIVE_INFINITY;
            a[1 + 4 * lda + j] = -1f;
            a[1 + 6 * lda + j] = 0.25f;
        }
        a[1 + 4 * lda + n / 3] = -0f;
        a[1 + 4 * lda + (n - 1)] = 0f;
        a[1 + 5 * lda + n / 2] = Float.NaN;
        a[1 + 5 * lda + (n - 1)] = Float.NaN;
        int[] expected = new int[m + 1];
        int[] actual = new int[m + 1];
        ReferenceMatrixReductions.rowArgmax(m, n, a, 1, lda, expected, 1);
        MatrixReductions.rowArgmax(m, n, a, 1, lda, actual, 1);
        assertThat(actual).containsExactly(expected);
        assertThat(actual[2]).as("first of two tied maxima").isEqualTo(n / 2);
    }

    @Test
    void argmaxNeedsAColumn() {
        assertThatThrownBy(() -> MatrixReductions.rowArgmax(2, 0, new float[0], 0, 1, new int[2], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n:");
    }
}
