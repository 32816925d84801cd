package dev.lanewise.kernels;

/**
 * Shape of a 1-D convolution on dense row-major layouts: input {@code [batch, inChannels, length]}, weight
 * {@code [outChannels, inChannels, kernelSize]}, bias {@code [outChannels]}, output
 * {@code [batch, outChannels, outputLength()]}, with
 * {@code outputLength = ⌊(length + 2·padding − dilation·(kernelSize − 1) − 1) / stride⌋ + 1} (as PyTorch).
 */
public record Conv1dGeometry(int batch, int inChannels, int length, int outChannels, int kernelSize,
                             int stride, int padding, int dilation) {

    /** Validates every field; a geometry whose output length would be ≤ 0 is rejected. */
    public Conv1dGeometry {
        Checks.nonNegative(batch, "batch");
        Checks.positive(inChannels, "inChannels");
        Checks.positive(length, "length");
        Checks.positive(outChannels, "outChannels");
        Checks.positive(kernelSize, "kernelSize");
        Checks.positive(stride, "stride");
        Checks.nonNegative(padding, "padding");
        Checks.positive(dilation, "dilation");
        long span = (long) dilation * (kernelSize - 1) + 1;
        long padded = (long) length + 2L * padding;
        if (padded > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("conv geometry: length " + length + " + 2·padding " + padding + " = "
                    + padded + " exceeds the largest int (" + Integer.MAX_VALUE + ")");
        }
        if (span > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("conv geometry: the dilated kernel span dilation " + dilation
                    + " · (kernelSize " + kernelSize + " − 1) + 1 = " + span + " exceeds the largest int ("
                    + Integer.MAX_VALUE + ")");
        }
        if (padded < span) {
            throw new IllegalArgumentException("conv geometry: output length would be <= 0: length " + length
                    + " + 2·padding " + padding + " = " + padded + " is shorter than the dilated kernel span "
                    + span + " (kernelSize " + kernelSize + ", dilation " + dilation + ")");
        }
        long outputLength = (padded - span) / stride + 1;
        checkElements("input [batch, inChannels, length]", product(batch, inChannels, length));
        checkElements("weight [outChannels, inChannels, kernelSize]", product(outChannels, inChannels, kernelSize));
        checkElements("output [batch, outChannels, outputLength " + outputLength + "]",
                product(batch, outChannels, outputLength));
        // The im2col column matrix of one sample: inChannels·kernelSize rows of outputLength columns.
        checkElements("im2col columns [inChannels·kernelSize, outputLength " + outputLength + "]",
                product(inChannels, kernelSize, outputLength));
    }

    /** Largest array a JVM allocates. */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** a·b·c, or Long.MAX_VALUE when that overflows a long. */
    private static long product(long a, long b, long c) {
        try {
            return Math.multiplyExact(Math.multiplyExact(a, b), c);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void checkElements(String what, long elements) {
        if (elements > MAX_ELEMENTS) {
            throw new IllegalArgumentException("conv geometry: " + what + " has "
                    + (elements == Long.MAX_VALUE ? "more than 2^63" : Long.toString(elements))
                    + " elements, more than the largest Java array (" + MAX_ELEMENTS + ")");
        }
    }

    /** Output positions per channel. */
    public int outputLength() {
        return (int) outputLength(length, kernelSize, stride, padding, dilation);
    }

    /**
     * PyTorch's output length {@code ⌊(length + 2·padding − dilation·(kernelSize − 1) − 1) / stride⌋ + 1} in long
     * arithmetic (it cannot overflow for int arguments); ≤ 0 when the dilated kernel does not fit. The one place
     * the formula is written.
     */
    public static long outputLength(int length, int kernelSize, int stride, int padding, int dilation) {
        return Math.floorDiv((long) length + 2L * padding - (long) dilation * (kernelSize - 1) - 1, stride) + 1;
    }

    /** Input position read by output position {@code l} at kernel tap {@code kk}; may lie in the padding. */
    public int inputPosition(int l, int kk) {
        return l * stride - padding + kk * dilation;
    }

    /** Elements of the input tensor. */
    public int inputSize() {
        return batch * inChannels * length;
    }

    /** Elements of the weight tensor. */
    public int weightSize() {
        return outChannels * inChannels * kernelSize;
    }

    /** Elements of the output tensor. */
    public int outputSize() {
        return batch * outChannels * outputLength();
    }
}
