package dev.lanewise.layers;

import dev.lanewise.kernels.Activation;
import dev.lanewise.kernels.BiasActivation;
import dev.lanewise.kernels.Gemm;
import dev.lanewise.kernels.GemmStrategy;
import dev.lanewise.kernels.MatrixReductions;
import dev.lanewise.kernels.PackedMatrix;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fully connected layer {@code y = x·Wᵀ + b}, weight {@code [out, in]} and bias {@code [out]} as PyTorch's
 * {@code nn.Linear}. Followed by {@link ReLU} in a {@link Sequential}, bias and ReLU are applied in the same
 * pass over the GEMM output (the fused kernel).
 *
 * <p>A layer made by {@link #create} or {@link #of} (or loaded from a file) also holds its weight packed for the
 * GEMM ({@link PackedMatrix}, as inference runtimes pre-pack constant weights): its forward products then pack only
 * the input, which at small batches is most of the work saved (docs/measurements.md). The packed copy gives exactly
 * the bits of the unpacked product wherever it is used ({@link PackedMatrix#matchesAuto}), so outputs never depend
 * on it. Weights above 2<sup>24</sup> elements (64 MiB) are not duplicated. Layers a training step builds on
 * fresh parameters skip it (the next step's weights differ anyway);
 * {@link TrainingStep#current()} and {@link Trainer#fit} hand out models with it.
 */
public final class Linear extends Layer {
    private static final List<String> NAMES = List.of("weight", "bias");
    /** The parameters as one immutable list, built once (a training step asks for it many times). */
    private final List<Tensor> parameters;
    private final int in;
    private final int out;
    private final Tensor weight;
    private final Tensor bias;
    /**
     * Largest weight (elements) kept packed as well: 2^24 floats, 64 MiB. A packed copy costs the weight's memory
     * again; beyond this a model's memory matters more than packing the weight on each product.
     */
    static final long PACK_LIMIT = 1L << 24;
    /** The weight packed as the B operand of {@code x·Wᵀ}, or null for a training step's intermediate layer. */
    private final PackedMatrix packedWeight;

    private Linear(Tensor weight, Tensor bias, boolean packWeight) {
        this.out = weight.dim(0);
        this.in = weight.dim(1);
        this.weight = weight;
        this.bias = bias;
        this.parameters = List.of(weight, bias);
        this.packedWeight = packWeight && (long) in * out <= PACK_LIMIT
                ? PackedMatrix.packB(true, in, out, weight.data(), 0, in) : null;
    }

    /** A layer with weights drawn by {@code init} (fan-in {@code in}, fan-out {@code out}) from {@code seed}; zero bias. */
    public static Linear create(int in, int out, Init init, long seed) {
        positive(in, "in");
        positive(out, "out");
        java.util.Objects.requireNonNull(init, "init: expected an initializer, got null");
        Tensor.checkedSize("Linear weight [out, in]", out, in);
        return new Linear(Tensor.wrap(init.sample(in, out, (long) in * out, seed), out, in), Tensor.zeros(out), true);
    }

    /** A layer with the given weight {@code [out, in]} and bias {@code [out]}. */
    public static Linear of(Tensor weight, Tensor bias) {
        java.util.Objects.requireNonNull(weight, "weight: expected a tensor, got null");
        java.util.Objects.requireNonNull(bias, "bias: expected a tensor, got null");
        if (weight.rank() != 2 || bias.rank() != 1 || bias.dim(0) != weight.dim(0)) {
            throw new IllegalArgumentException("Linear: expected weight [out, in] and bias [out], got weight "
                    + weight + " and bias " + bias);
        }
        positive(weight.dim(0), "out");
        positive(weight.dim(1), "in");
        return new Linear(weight, bias, true);
    }

    public int inFeatures() {
        return in;
    }

    public int outFeatures() {
        return out;
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
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
        if (shape.length != 2 || shape[1] != in) {
            throw new IllegalArgumentException("expected input [batch, " + in + "], got " + describe(shape));
        }
        Tensor.checkedSize("Linear output [batch, out] for input " + describe(shape), shape[0], out);
    }

    @Override
    int[] outputSample(int[] sample) {
        return new int[]{out};
    }

    @Override
    void inferInto(float[] x, int batch, int[] sample, float[] y, int threads) {
        forward(x, batch, y, Activation.IDENTITY, threads);
    }

    /** x·Wᵀ + b followed by {@code act}, one GEMM and one fused pass. */
    Tensor forward(Tensor input, Activation act, Context context) {
        int batch = input.dim(0);
        float[] y = context.floats(batch * out);
        forward(input.data(), batch, y, act, context.threads());
        return Tensor.wrap(y, batch, out);
    }

    /** {@code batch} rows of x [batch, in] into y [batch, out]: x·Wᵀ + b followed by {@code act}. */
    void forward(float[] x, int batch, float[] y, Activation act, int threads) {
        if (packedWeight != null && packedWeight.matchesAuto(batch)) {
            Gemm.sgemm(threads, false, batch, 1f, x, 0, in, packedWeight, 0f, y, 0, out);
        } else {
            Gemm.sgemm(GemmStrategy.AUTO, threads, false, true, batch, out, in,
                    1f, x, 0, in, weight.data(), 0, in, 0f, y, 0, out);
        }
        BiasActivation.forward(act, batch, out, y, 0, out, bias.data(), 0, y, 0, out);
    }

    @Override
    Trace train(Tensor input, Context context) {
        return trace(input, forward(input, Activation.IDENTITY, context));
    }

    /** The trace of this layer when its output is {@code output} (already activated by a fused ReLU, or not). */
    Trace trace(Tensor input, Tensor output) {
        return new Trace() {
            @Override
            public Tensor output() {
                return output;
            }

            @Override
            public LayerGradients backward(Tensor dy, Context context, boolean needInput) {
                int batch = input.dim(0);
                int threads = context.threads();
                float[] dw = context.parameterFloats(out * in);
                Gemm.sgemm(GemmStrategy.AUTO, threads, true, false, out, in, batch,
                        1f, dy.data(), 0, out, input.data(), 0, in, 0f, dw, 0, in);
                float[] db = context.parameterFloats(out);
                MatrixReductions.columnSums(batch, out, dy.data(), 0, out, db, 0);
                Tensor dx = null;
                if (needInput) {
                    float[] d = context.floats(batch * in);
                    Gemm.sgemm(GemmStrategy.AUTO, threads, false, false, batch, in, out,
                            1f, dy.data(), 0, out, weight.data(), 0, in, 0f, d, 0, in);
                    dx = Tensor.wrap(d, batch, in);
                }
                return new LayerGradients(dx, List.of(Tensor.wrap(dw, out, in), Tensor.wrap(db, out)));
            }
        };
    }

    @Override
    Layer with(List<Tensor> parameters, List<Tensor> buffers) {
        return new Linear(parameters.get(0), parameters.get(1), false);
    }

    @Override
    Layer prepared() {
        return packedWeight != null || (long) in * out > PACK_LIMIT ? this : new Linear(weight, bias, true);
    }

    /** Whether this layer holds its packed weight (for tests). */
    boolean hasPackedWeight() {
        return packedWeight != null;
    }

    @Override
    LayerSpec spec() {
        Map<String, Number> c = new LinkedHashMap<>();
        c.put("in_features", in);
        c.put("out_features", out);
        return new LayerSpec("Linear", c);
    }

    static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + ": expected >= 1, got " + value);
        }
    }

    @Override
    public String toString() {
        return "Linear(" + in + " -> " + out + ")";
    }
}
