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

    /**
     * An output matrix shares no element with an input matrix (only possible when both live in one array):
     * kernels read their inputs while writing their outputs, so any common element would give garbage. Disjoint
     * ranges of one array, interleaved columns included, are legal. Cost: nothing unless the arrays are the
     * same object and the index ranges intersect, then O(rows).
     */
    static void disjoint(float[] out, int offOut, int outRows, int outCols, int ldOut, String outName,
                         float[] in, int offIn, int inRows, int inCols, int ldIn, String inName) {
        if (out == in && shareElements(offOut, outRows, outCols, ldOut, offIn, inRows, inCols, ldIn)) {
            throw overlap(outName, offOut, outRows, outCols, ldOut, inName, offIn, inRows, inCols, ldIn,
                    "no element in common with");
        }
    }

    /** As {@link #disjoint}, but the output may also be exactly the input (same offset and leading dimension). */
    static void inPlaceOrDisjoint(float[] out, int offOut, int outRows, int outCols, int ldOut, String outName,
                                  float[] in, int offIn, int inRows, int inCols, int ldIn, String inName) {
        boolean inPlace = out == in && offOut == offIn && (ldOut == ldIn || outRows <= 1);
        if (!inPlace && out == in && shareElements(offOut, outRows, outCols, ldOut, offIn, inRows, inCols, ldIn)) {
            throw overlap(outName, offOut, outRows, outCols, ldOut, inName, offIn, inRows, inCols, ldIn,
                    "to be exactly (same offset and leading dimension) or share no element with");
        }
    }

    /** Vectors of n elements: the output is the input exactly or shares no element with it. */
    static void inPlaceOrDisjoint(float[] out, int offOut, String outName, float[] in, int offIn, String inName,
                                  int n) {
        inPlaceOrDisjoint(out, offOut, 1, n, Math.max(1, n), outName, in, offIn, 1, n, Math.max(1, n), inName);
    }

    /** Vectors: an output of outN elements shares no element with an input of inN elements. */
    static void disjoint(float[] out, int offOut, int outN, String outName, float[] in, int offIn, int inN,
                         String inName) {
        disjoint(out, offOut, 1, outN, Math.max(1, outN), outName, in, offIn, 1, inN, Math.max(1, inN), inName);
    }

    /** Every one of the m labels from offLabels is a class in [0, n). */
    static void labels(int m, int n, int[] labels, int offLabels) {
        for (int i = 0; i < m; i++) {
            int label = labels[offLabels + i];
            if (label < 0 || label >= n) {
                throw new IllegalArgumentException("labels[" + (offLabels + i) + "] (row " + i
                        + "): expected a class in [0, " + n + "), got " + label);
            }
        }
    }

    /** Whether two row-major regions {off + r·ld + c : r < rows, c < cols} (ld ≥ cols) have an index in common. */
    static boolean shareElements(int offX, int rowsX, int colsX, int ldX, int offY, int rowsY, int colsY, int ldY) {
        if (rowsX == 0 || colsX == 0 || rowsY == 0 || colsY == 0) {
            return false;
        }
        long endX = offX + (long) (rowsX - 1) * ldX + colsX, endY = offY + (long) (rowsY - 1) * ldY + colsY;
        if (endX <= offY || endY <= offX) {
            return false;
        }
        if (rowsX > rowsY) {   // walk the region with fewer rows
            return shareElements(offY, rowsY, colsY, ldY, offX, rowsX, colsX, ldX);
        }
        for (int r = 0; r < rowsX; r++) {
            long start = offX + (long) r * ldX, end = start + colsX;
            // The last row of Y starting before `end` ends latest among those: it overlaps [start, end) or none does.
            long q = Math.floorDiv(end - 1 - offY, (long) ldY);
            if (q < 0) {
                continue;
            }
            q = Math.min(q, rowsY - 1);
            if (offY + q * ldY + colsY > start) {
                return true;
            }
        }
        return false;
    }

    private static IllegalArgumentException overlap(String outName, int offOut, int outRows, int outCols, int ldOut,
                                                    String inName, int offIn, int inRows, int inCols, int ldIn,
                                                    String expected) {
        return new IllegalArgumentException(outName + ": expected " + expected + " " + inName + ", got the same array"
                + " with overlapping elements: " + outName + " " + outRows + "x" + outCols + " at offset " + offOut
                + " (leading dimension " + ldOut + "), " + inName + " " + inRows + "x" + inCols + " at offset "
                + offIn + " (leading dimension " + ldIn + "); write the output to another array or a disjoint range");
    }

    // Messages are built only on failure, so a passing check allocates nothing.
    private static IndexOutOfBoundsException outOfBounds(int length, int off, long span, String name, String offName,
                                                         String shape) {
        return new IndexOutOfBoundsException(name + ": " + shape + " starting at " + offName + "=" + off
                + " needs " + span + " elements from that offset (indices [" + off + ", " + (off + span)
                + ")), but the array length is " + length);
    }
}
