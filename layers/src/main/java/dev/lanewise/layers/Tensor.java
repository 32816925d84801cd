package dev.lanewise.layers;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable float32 tensor: a shape and row-major data. {@link #of} copies its input and {@link #toArray}
 * copies its output, so a tensor can be shared freely between threads.
 */
public final class Tensor {
    private final float[] data;
    private final int[] shape;
    /** The exact value of an integer count (BatchNorm's num_batches_tracked, an I64 in files), else null. */
    private final Long count;

    private Tensor(float[] data, int[] shape) {
        this(data, shape, null);
    }

    private Tensor(float[] data, int[] shape, Long count) {
        this.data = data;
        this.shape = shape;
        this.count = count;
    }

    /**
     * A scalar holding an exact 64-bit count; its float value is the nearest float (exact up to 2²⁴). Counts that
     * pass 2²⁴ (16,777,216 BatchNorm steps) keep counting exactly and are saved as the I64 they are.
     */
    static Tensor count(long value) {
        return new Tensor(new float[]{value}, new int[0], value);
    }

    /** The exact count of a {@link #count} tensor; for any other scalar, its value as a long. */
    long countValue() {
        return count != null ? count : (long) data[0];
    }

    /** A tensor holding a copy of {@code data} with the given shape (row-major). */
    public static Tensor of(float[] data, int... shape) {
        Objects.requireNonNull(data, "data: expected an array, got null");
        int[] s = checkedShape(shape);
        int size = checkedSize("shape", s);
        if (size != data.length) {
            throw new IllegalArgumentException("data: expected " + size + " values for shape "
                    + Arrays.toString(s) + ", got " + data.length);
        }
        return new Tensor(data.clone(), s);
    }

    /**
     * A tensor of unsigned bytes divided by {@code divisor} — pixels 0…255 with divisor 255 give [0, 1], as
     * torchvision's {@code ToTensor} — from the shape's size of bytes of {@code data} at {@code offset}. The floats
     * are the only copy made (an image set need not exist as floats twice).
     */
    public static Tensor ofUnsignedBytes(byte[] data, int offset, float divisor, int... shape) {
        Objects.requireNonNull(data, "data: expected an array, got null");
        int[] s = checkedShape(shape);
        int size = checkedSize("shape", s);
        Objects.checkFromIndexSize(offset, size, data.length);
        float[] quotient = unsignedByteQuotients(divisor);
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = quotient[data[offset + i] & 0xff];
        }
        return new Tensor(values, s);
    }

    /**
     * {@code v / divisor} for every byte value v: the same division per value, computed once, so every conversion of
     * unsigned bytes to floats (here and in {@link Dataset#ofUnsignedBytes}) gives identical bits.
     */
    static float[] unsignedByteQuotients(float divisor) {
        if (!(divisor != 0f) || !Float.isFinite(divisor)) {
            throw new IllegalArgumentException("divisor: expected a finite non-zero value, got " + divisor);
        }
        float[] quotient = new float[256];
        for (int v = 0; v < 256; v++) {
            quotient[v] = v / divisor;
        }
        return quotient;
    }

    /** A tensor of zeros. */
    public static Tensor zeros(int... shape) {
        int[] s = checkedShape(shape);
        return new Tensor(new float[checkedSize("shape", s)], s);
    }

    /** Takes ownership of {@code data} without copying: only for arrays nobody else holds. */
    static Tensor wrap(float[] data, int... shape) {
        return new Tensor(data, shape.clone());
    }

    /** The dimensions (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code axis}. */
    public int dim(int axis) {
        Objects.checkIndex(axis, shape.length);
        return shape[axis];
    }

    /** Number of elements. */
    public int size() {
        return data.length;
    }

    /** The element at the given indices. */
    public float get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index: expected " + shape.length + " indices, got " + index.length);
        }
        int flat = 0;
        for (int d = 0; d < shape.length; d++) {
            flat = flat * shape[d] + Objects.checkIndex(index[d], shape[d]);
        }
        return data[flat];
    }

    /** A copy of the data, row-major. */
    public float[] toArray() {
        return data.clone();
    }

    /** The same data with another shape of equal size. */
    public Tensor reshape(int... newShape) {
        int[] s = checkedShape(newShape);
        if (checkedSize("shape", s) != data.length) {
            throw new IllegalArgumentException("shape: expected " + data.length + " elements like "
                    + Arrays.toString(shape) + ", got " + Arrays.toString(s));
        }
        return new Tensor(data, s);
    }

    /** The data itself, for kernels in this package: never written. */
    float[] data() {
        return data;
    }

    static String shapeString(int... shape) {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data)
                && (shape.length != 0 || countValue() == t.countValue());   // counts past 2^24 differ exactly
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }

    static int[] checkedShape(int[] shape) {
        Objects.requireNonNull(shape, "shape: expected dimensions, got null");
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape: expected dimensions >= 0, got " + Arrays.toString(shape));
            }
        }
        checkedSize("shape", shape);
        return shape.clone();
    }

    /** The largest array a JVM allocates, and so the most elements a tensor or buffer may hold. */
    static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /**
     * The number of elements of a tensor of shape {@code dims} (each ≥ 0), computed without overflow; more than
     * {@link #MAX_ELEMENTS} is rejected naming {@code what}, the shape and the limit.
     */
    static int checkedSize(String what, int... dims) {
        long n = 1;
        for (int d : dims) {
            if (d == 0) {
                return 0;
            }
        }
        for (int d : dims) {
            n *= d;
            if (n > MAX_ELEMENTS) {
                throw new IllegalArgumentException(what + ": " + Arrays.toString(dims) + " has " + product(dims)
                        + " elements, more than the largest Java array (" + MAX_ELEMENTS + ")");
            }
        }
        return (int) n;
    }

    private static java.math.BigInteger product(int[] dims) {
        java.math.BigInteger p = java.math.BigInteger.ONE;
        for (int d : dims) {
            p = p.multiply(java.math.BigInteger.valueOf(d));
        }
        return p;
    }
}
