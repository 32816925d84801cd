package dev.lanewise.layers;

import dev.lanewise.kernels.Activation;
import dev.lanewise.kernels.BiasActivation;
import dev.lanewise.kernels.Gemm;
import dev.lanewise.kernels.GemmStrategy;
import dev.lanewise.kernels.MatrixReductions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fully connected layer {@code y = x·Wᵀ + b}, weight {@code [out, in]} and bias {@code [out]} as PyTorch's
 * {@code nn.Linear}. Followed by {@link ReLU} in a {@link Sequential}, bias and ReLU are applied in the same
 * pass over the GEMM output (the fused kernel).
 */
public final class Linear extends Layer {
    private static final List<String> NAMES = List.of("weight", "bias");
    /** The parameters as one immutable list, built once (a training step asks for it many times). */
    private final List<Tensor> parameters;
    private final int in;
    private final int out;
    private final Tensor weight;
    private final Tensor bias;

    private Linear(Tensor weight, Tensor bias) {
        this.out = weight.dim(0);
        this.in = weight.dim(1);
        this.weight = weight;
        this.bias = bias;
        this.parameters = List.of(weight, bias);
    }

    /** A layer with weights drawn by {@code init} (fan-in {@code in}, fan-out {@code out}) from {@code seed}; zero bias. */
    public static Linear create(int in, int out, Init init, long seed) {
        positive(in, "in");
        positive(out, "out");
        java.util.Objects.requireNonNull(init, "init: expected an initializer, got null");
        Tensor.checkedSize("Linear weight [out, in]", out, in);
        return new Linear(Tensor.wrap(init.sample(in, out, (long) in * out, seed), out, in), Tensor.zeros(out));
    }

    /** A layer with the given weight {@code [out, in]} and bias {@code [out]}. */
    public static Linear of(Tensor weight, Tensor bias) {
        if (weight.rank() != 2 || bias.rank() != 1 || bias.dim(0) != weight.dim(0)) {
            throw new IllegalArgumentException("Linear: expected weight [out, in] and bias [out], got weight "
                    + weight + " and bias " + bias);
        }
        positive(weight.dim(0), "out");
        positive(weight.dim(1), "in");
        return new Linear(weight, bias);
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
    void checkInput(Tensor input) {
        if (input.rank() != 2 || input.dim(1) != in) {
            throw new IllegalArgumentException("expected input [batch, " + in + "], got " + describe(input.shape()));
        }
        Tensor.checkedSize("Linear output [batch, out] for input " + describe(input.shape()), input.dim(0), out);
    }

    @Override
    Tensor infer(Tensor input, Context context) {
        return forward(input, Activation.IDENTITY, context);
    }

    /** x·Wᵀ + b followed by {@code act}, one GEMM and one fused pass. */
    Tensor forward(Tensor input, Activation act, Context context) {
        int batch = input.dim(0);
        float[] y = context.floats(batch * out);
        Gemm.sgemm(GemmStrategy.AUTO, context.threads(), false, true, batch, out, in,
                1f, input.data(), 0, in, weight.data(), 0, in, 0f, y, 0, out);
        BiasActivation.forward(act, batch, out, y, 0, out, bias.data(), 0, y, 0, out);
        return Tensor.wrap(y, batch, out);
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
        return new Linear(parameters.get(0), parameters.get(1));
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
