package dev.lanewise.kernels;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Matrices embedded in larger arrays: the region before the offset and the gap past each row's width hold a
 * sentinel, so a kernel that reads outside the matrix sees NaN (and its result shows it) and one that writes
 * outside it is caught by {@link #assertOutsideUntouched}.
 */
final class TestArrays {
    static final float SENTINEL = Float.NaN;

    private TestArrays() {
    }

    /** Array of {@code off + (rows−1)·ld + cols + tail} floats: uniform [−1, 1) inside the matrix, NaN outside. */
    static float[] matrix(SplittableRandom rnd, int off, int rows, int cols, int ld, int tail) {
        float[] a = new float[length(off, rows, cols, ld) + tail];
        Arrays.fill(a, SENTINEL);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[off + i * ld + j] = (float) (rnd.nextDouble() * 2 - 1);
            }
        }
        return a;
    }

    static float[] vector(SplittableRandom rnd, int off, int n, double lo, double hi) {
        float[] a = new float[off + n + 3];
        Arrays.fill(a, SENTINEL);
        for (int i = 0; i < n; i++) {
            a[off + i] = (float) (lo + rnd.nextDouble() * (hi - lo));
        }
        return a;
    }

    /** Bitwise comparison, so NaN equals NaN and 0.0 differs from −0.0. */
    static int compareBits(Float a, Float b) {
        return Integer.compare(Float.floatToIntBits(a), Float.floatToIntBits(b));
    }

    /**
     * Bitwise equality of two arrays in linear time (AssertJ's comparator-based {@code containsExactly} is
     * quadratic on large arrays), failing with the count of differing elements and the first of them.
     */
    static void assertBitEqual(float[] actual, float[] expected, String what) {
        assertThat(actual.length).as("%s: length", what).isEqualTo(expected.length);
        int differing = 0, first = -1;
        for (int i = 0; i < actual.length; i++) {
            if (Float.floatToIntBits(actual[i]) != Float.floatToIntBits(expected[i])) {
                differing++;
                first = first < 0 ? i : first;
            }
        }
        if (differing > 0) {
            throw new AssertionError(what + ": " + differing + " of " + actual.length + " elements differ, first at "
                    + first + ": " + actual[first] + " instead of " + expected[first]);
        }
    }

    static int length(int off, int rows, int cols, int ld) {
        return off + (rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols);
    }

    static boolean inside(int index, int off, int rows, int cols, int ld) {
        int rel = index - off;
        return rel >= 0 && rows > 0 && cols > 0 && rel / ld < rows && rel % ld < cols;
    }

    /** Every element outside the rows×cols matrix at off with leading dimension ld is bitwise unchanged. */
    static void assertOutsideUntouched(float[] before, float[] after, int off, int rows, int cols, int ld) {
        for (int idx = 0; idx < after.length; idx++) {
            if (!inside(idx, off, rows, cols, ld)) {
                assertThat(Float.floatToRawIntBits(after[idx]))
                        .as("element %d outside the %dx%d matrix (off %d, ld %d) was written", idx, rows, cols, off, ld)
                        .isEqualTo(Float.floatToRawIntBits(before[idx]));
            }
        }
    }
}
