package dev.lanewise.kernels;

/**
 * Argument checks at the API edge (netlib-java style): every facade validates all arguments, naming each one
 * with what was expected and what was given, before any work; the kernels behind it trust their inputs.
 */
final class Checks {
    private Checks() {
    }

    static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new NullPointerException(name + ": expected a value, got null");
        }
        return value;
    }

    static void nonNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + ": expected >= 0, got " + value);
        }
    }

    static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + ": expected >= 1, got " + value);
        }
    }

    /** CBLAS row-major rule: a matrix with {@code cols} columns needs {@code ld >= max(1, cols)}. */
    static void leadingDimension(int ld, int cols, String name) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(name + ": expected >= max(1, row width " + cols + "), got " + ld);
        }
    }

    /** A {@code rows × cols} row-major matrix at {@code off} with leading dimension {@code ld} fits in the array. */
    static void matrixFits(float[] array, int off, int rows, int cols, int ld, String name, String offName) {
        long span = rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
        if (off < 0 || span > array.length - (long) off) {
            throw outOfBounds(array.length, off, span, name, offName, rows + "x" + cols + " with leading dimension " + ld);
        }
    }

    static void vectorFits(float[] array, int off, long count, String name, String offName) {
        if (off < 0 || count > array.length - (long) off) {
            throw outOfBounds(array.length, off, count, name, offName, count + " elements");
        }
    }

    static void vectorFits(int[] array, int off, long count, String name, String offName) {
        if (off < 0 || count > array.length - (long) off) {
            throw outOfBounds(array.length, off, count, name, offName, count + " elements");
        }
    }

    // Messages are built only on failure, so a passing check allocates nothing.
    private static IndexOutOfBoundsException outOfBounds(int length, int off, long span, String name, String offName,
                                                         String shape) {
        return new IndexOutOfBoundsException(name + ": " + shape + " starting at " + offName + "=" + off
                + " needs " + span + " elements from that offset (indices [" + off + ", " + (off + span)
                + ")), but the array length is " + length);
    }
}
