package dev.lanewise.layers;

import dev.lanewise.kernels.Conv1dGeometry;
import dev.lanewise.kernels.Conv1dKernels;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 1-D convolution over {@code [batch, inChannels, length]} inputs, as PyTorch's {@code nn.Conv1d}: weight
 * {@code [outChannels, inChannels, kernelSize]}, bias {@code [outChannels]}, stride, zero padding and dilation;
 * output {@code [batch, outChannels, outputLength]}. Computed as im2col GEMMs by the kernels.
 */
public final class Conv1d extends Layer {
    /** The geometry of the last inference call: repeated requests of one shape reuse it (an immutable value). */
    private volatile Conv1dGeometry lastGeometry;
    private static final List<String> NAMES = List.of("weight", "bias");
    /** The parameters as one immutable list, built once (a training step asks for it many times). */
    private final List<Tensor> parameters;
    private final int inChannels;
    private final int outChannels;
    private final int kernelSize;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final Tensor weight;
    private final Tensor bias;

    private Conv1d(int stride, int padding, int dilation, Tensor weight, Tensor bias) {
        this.outChannels = weight.dim(0);
        this.inChannels = weight.dim(1);
        this.kernelSize = weight.dim(2);
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.weight = weight;
        this.bias = bias;
        this.parameters = List.of(weight, bias);
    }

    /** Stride 1, dilation 1. */
    public static Conv1d create(int inChannels, int outChannels, int kernelSize, int padding, Init init, long seed) {
        return create(inChannels, outChannels, kernelSize, 1, padding, 1, init, seed);
    }

    /** Weights drawn by {@code init} (fan-in inChannels·kernelSize, fan-out outChannels·kernelSize); zero bias. */
    public static Conv1d create(int inChannels, int outChannels, int kernelSize, int stride, int padding,
                                int dilation, Init init, long seed) {
        Linear.positive(inChannels, "inChannels");
        Linear.positive(outChannels, "outChannels");
        Linear.positive(kernelSize, "kernelSize");
        Linear.positive(stride, "stride");
        Linear.positive(dilation, "dilation");
        if (padding < 0) {
            throw new IllegalArgumentException("padding: expected >= 0, got " + padding);
        }
        java.util.Objects.requireNonNull(init, "init: expected an initializer, got null");
        long count = (long) outChannels * inChannels * kernelSize;
        Tensor w = Tensor.wrap(init.sample(inChannels * kernelSize, outChannels * kernelSize, count, seed),
                outChannels, inChannels, kernelSize);
        return new Conv1d(stride, padding, dilation, w, Tensor.zeros(outChannels));
    }

    /**
     * A layer around given weight {@code [Cout, Cin, K]} and bias {@code [Cout]} — PyTorch's {@code nn.Conv1d}
     * {@code weight} and {@code bias} — with the given stride, zero padding on both sides and dilation.
     */
    public static Conv1d of(Tensor weight, Tensor bias, int stride, int padding, int dilation) {
        java.util.Objects.requireNonNull(weight, "weight: expected a tensor, got null");
        java.util.Objects.requireNonNull(bias, "bias: expected a tensor, got null");
        if (weight.rank() != 3 || bias.rank() != 1 || bias.dim(0) != weight.dim(0)) {
            throw new IllegalArgumentException("Conv1d: expected weight [out, in, kernel] and bias [out], got weight "
                    + weight + " and bias " + bias);
        }
        Linear.positive(weight.dim(0), "outChannels");
        Linear.positive(weight.dim(1), "inChannels");
        Linear.positive(weight.dim(2), "kernelSize");
        Linear.positive(stride, "stride");
        Linear.positive(dilation, "dilation");
        if (padding < 0) {
            throw new IllegalArgumentException("padding: expected >= 0, got " + padding);
        }
        return new Conv1d(stride, padding, dilation, weight, bias);
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    /**
     * Output length for an input of {@code length} positions (≤ 0 when the kernel does not fit; capped at
     * {@link Integer#MAX_VALUE}, which no tensor reaches).
     */
    /** The output length as an expression of the input length {@code L}: {@code (L + 2p - d(k-1) - 1) / s + 1}. */
    String outputLengthFormula() {
        int shift = 2 * padding - dilation * (kernelSize - 1) - 1;
        String sum = shift == -1 ? "L" : "L" + (shift + 1 >= 0 ? "+" + (shift + 1) : Integer.toString(shift + 1));
        return stride == 1 ? sum : "(" + (shift >= 0 ? "L+" + shift : "L" + shift) + ")/" + stride + "+1";
    }

    public int outputLength(int length) {
        long l = Conv1dGeometry.outputLength(length, kernelSize, stride, padding, dilation);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, l));
    }

    @Override
    public List<Tensor> parameters() {
        return parameters;
    }

    @Override
    public List<String> parameterNames() {
        return NAMES;
    }

    @Override
    void checkShape(int[] shape) {
        if (shape.length != 3 || shape[1] != inChannels) {
            throw new IllegalArgumentException("expected input [batch, " + inChannels + ", length], got "
                    + describe(shape));
        }
        if (shape[2] < 1 || shape[2] + 2 * padding < dilation * (kernelSize - 1) + 1) {
            throw new IllegalArgumentException("expected input length >= " + (dilation * (kernelSize - 1) + 1 - 2 * padding)
                    + " for kernel " + kernelSize + ", dilation " + dilation + ", padding " + padding + ", got "
                    + describe(shape));
        }
    }

    private Conv1dGeometry geometry(Tensor input) {
        return new Conv1dGeometry(input.dim(0), inChannels, input.dim(2), outChannels, kernelSize,
                stride, padding, dilation);
    }

    @Override
    int[] outputSample(int[] sample) {
        return new int[]{outChannels, outputLength(sample[1])};
    }

    @Override
    void inferInto(float[] x, int batch, int[] sample, float[] y, int threads) {
        Conv1dGeometry g = lastGeometry;
        if (g == null || g.batch() != batch || g.length() != sample[1]) {
            g = new Conv1dGeometry(batch, inChannels, sample[1], outChannels, kernelSize, stride, padding, dilation);
            lastGeometry = g;
        }
        Conv1dKernels.forward(threads, g, x, 0, weight.data(), 0, bias.data(), 0, y, 0);
    }

    @Override
    Trace train(Tensor input, Context context) {
        Tensor output = infer(input, context);
        Conv1dGeometry g = geometry(input);
        return new Trace() {
            @Override
            public Tensor output() {
                return output;
            }

            @Override
            public LayerGradients backward(Tensor dy, Context c, boolean needInput) {
                float[] dw = c.parameterFloats(g.weightSize()), db = c.parameterFloats(outChannels);
                Conv1dKernels.backwardWeight(c.threads(), g, input.data(), 0, dy.data(), 0, dw, 0);
                Conv1dKernels.backwardBias(g, dy.data(), 0, db, 0);
                Tensor dx = null;
                if (needInput) {
                    float[] d = c.floats(g.inputSize());
                    Conv1dKernels.backwardInput(c.threads(), g, dy.data(), 0, weight.data(), 0, d, 0);
                    dx = Tensor.wrap(d, input.shape());
                }
                return new LayerGradients(dx, List.of(Tensor.wrap(dw, outChannels, inChannels, kernelSize),
                        Tensor.wrap(db, outChannels)));
            }
        };
    }

    @Override
    Layer with(List<Tensor> parameters, List<Tensor> buffers) {
        return new Conv1d(stride, padding, dilation, parameters.get(0), parameters.get(1));
    }

    @Override
    LayerSpec spec() {
        Map<String, Number> c = new LinkedHashMap<>();
        c.put("in_channels", inChannels);
        c.put("out_channels", outChannels);
        c.put("kernel_size", kernelSize);
        c.put("stride", stride);
        c.put("padding", padding);
        c.put("dilation", dilation);
        return new LayerSpec("Conv1d", c);
    }

    @Override
    public String toString() {
        return "Conv1d(" + inChannels + " -> " + outChannels + ", k=" + kernelSize + ", s=" + stride + ", p="
                + padding + ", d=" + dilation + ")";
    }
}
