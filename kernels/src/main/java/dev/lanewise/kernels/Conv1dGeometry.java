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
        if (padded < span) {
            throw new IllegalArgumentException("conv geometry: output length would be <= 0: length " + length
                    + " + 2·padding " + padding + " = " + padded + " is shorter than the dilated kernel span "
                    + span + " (kernelSize " + kernelSize + ", dilation " + dilation + ")");
        }
        long sizes = Math.max(Math.max((long) batch * inChannels * length, (long) outChannels * inChannels * kernelSize),
                (long) batch * outChannels * ((padded - span) / stride + 1));
        if (sizes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("conv geometry: tensors of " + sizes + " elements exceed a Java array");
        }
    }

    /** Output positions per channel. */
    public int outputLength() {
        return (length + 2 * padding - dilation * (kernelSize - 1) - 1) / stride + 1;
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
