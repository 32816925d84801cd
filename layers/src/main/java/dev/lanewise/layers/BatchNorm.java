package dev.lanewise.layers;

import dev.lanewise.kernels.Normalization;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batch normalization over the channel axis 1 of {@code [batch, C]} or {@code [batch, C, length]} inputs, as
 * PyTorch's {@code BatchNorm1d}: training normalizes with the batch mean and biased variance (over batch and
 * length) and yields updated running statistics (unbiased variance, {@code momentum}-weighted), which the
 * optimizer step carries into the next model; {@link #apply} normalizes with the running statistics.
 * Parameters {@code weight} (γ, ones) and {@code bias} (β, zeros); buffers {@code running_mean},
 * {@code running_var}, {@code num_batches_tracked}.
 */
public final class BatchNorm extends Layer {
    private static final List<String> NAMES = List.of("weight", "bias");
    /** The parameters as one immutable list, built once (a training step asks for it many times). */
    private final List<Tensor> parameters;
    private final int features;
    private final float eps;
    private final float momentum;
    private final Tensor gamma;
    private final Tensor beta;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor batchesTracked;

    /** ε = 1e-5, momentum 0.1, as PyTorch. */
    public BatchNorm(int features) {
        this(features, 1e-5f, 0.1f);
    }

    public BatchNorm(int features, float eps, float momentum) {
        this(check(features, eps, momentum), eps, momentum, filled(features, 1f), Tensor.zeros(features),
                Tensor.zeros(features), filled(features, 1f), Tensor.count(0));
    }

    private BatchNorm(int features, float eps, float momentum, Tensor gamma, Tensor beta, Tensor runningMean,
                      Tensor runningVar, Tensor batchesTracked) {
        this.features = features;
        this.eps = eps;
        this.momentum = momentum;
        this.gamma = gamma;
        this.beta = beta;
        this.parameters = List.of(gamma, beta);
        this.runningMean = runningMean;
        this.runningVar = runningVar;
        this.batchesTracked = batchesTracked;
    }

    /**
     * A layer around given γ ({@code weight}), β ({@code bias}) and running statistics, each {@code [features]} —
     * PyTorch's {@code nn.BatchNorm1d} state — with no batches counted yet.
     */
    public static BatchNorm of(Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar, float eps,
                               float momentum) {
        java.util.Objects.requireNonNull(weight, "weight: expected a tensor, got null");
        java.util.Objects.requireNonNull(bias, "bias: expected a tensor, got null");
        java.util.Objects.requireNonNull(runningMean, "runningMean: expected a tensor, got null");
        java.util.Objects.requireNonNull(runningVar, "runningVar: expected a tensor, got null");
        return of(eps, momentum, weight, bias, runningMean, runningVar, Tensor.count(0));
    }

    /** A layer around given γ, β, running statistics {@code [features]} and batch count {@code []} (for model files). */
    static BatchNorm of(float eps, float momentum, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                        Tensor batchesTracked) {
        int features = gamma.rank() == 1 ? gamma.dim(0) : -1;
        for (Tensor t : List.of(gamma, beta, runningMean, runningVar)) {
            if (t.rank() != 1 || t.dim(0) != features) {
                throw new IllegalArgumentException("BatchNorm: expected weight, bias, running_mean and running_var of"
                        + " one shape [features], got " + List.of(gamma, beta, runningMean, runningVar));
            }
        }
        if (batchesTracked.rank() != 0) {
            throw new IllegalArgumentException("BatchNorm: expected num_batches_tracked [], got " + batchesTracked);
        }
        return new BatchNorm(check(features, eps, momentum), eps, momentum, gamma, beta, runningMean, runningVar,
                batchesTracked);
    }

    private static int check(int features, float eps, float momentum) {
        Linear.positive(features, "features");
        if (!(eps > 0f) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException("eps: expected a finite value > 0, got " + eps);
        }
        if (!(momentum >= 0f && momentum <= 1f)) {
            throw new IllegalArgumentException("momentum: expected a value in [0, 1], got " + momentum);
        }
        return features;
    }

    private static Tensor filled(int n, float value) {
        float[] a = new float[n];
        Arrays.fill(a, value);
        return Tensor.wrap(a, n);
    }

    public int features() {
        return features;
    }

    public Tensor runningMean() {
        return runningMean;
    }

    public Tensor runningVar() {
        return runningVar;
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
    public List<Tensor> buffers() {
        return List.of(runningMean, runningVar, batchesTracked);
    }

    @Override
    public List<String> bufferNames() {
        return List.of("running_mean", "running_var", "num_batches_tracked");
    }

    @Override
    void checkShape(int[] shape) {
        if ((shape.length != 2 && shape.length != 3) || shape[1] != features) {
            throw new IllegalArgumentException("expected input [batch, " + features + "] or [batch, " + features
                    + ", length], got " + describe(shape));
        }
    }

    private static int length(Tensor input) {
        return input.rank() == 3 ? input.dim(2) : 1;
    }

    @Override
    int[] outputSample(int[] sample) {
        return sample;
    }

    @Override
    void inferInto(float[] x, int batch, int[] sample, float[] y, int threads) {
        Normalization.batchNormInference(batch, features, sample.length == 2 ? sample[1] : 1, eps, x, 0,
                gamma.data(), 0, beta.data(), 0, runningMean.data(), 0, runningVar.data(), 0, y, 0);
    }

    @Override
    Trace train(Tensor input, Context context) {
        int n = input.dim(0), len = length(input);
        long count = (long) n * len;
        if (count < 2) {
            throw new IllegalArgumentException("expected more than 1 value per channel in training, got input "
                    + describe(input.shape()));
        }
        float[] x = input.data(), xhat = context.floats(x.length), y = context.floats(x.length);
        float[] invStd = new float[features];
        float[] newMean = runningMean.toArray(), newVar = runningVar.toArray();
        Normalization.batchNormTraining(n, features, len, eps, momentum, x, 0, gamma.data(), 0, beta.data(), 0,
                newMean, 0, newVar, 0, invStd, 0, xhat, 0, y, 0);
        Tensor output = Tensor.wrap(y, input.shape());
        List<Tensor> after = List.of(Tensor.wrap(newMean, features), Tensor.wrap(newVar, features),
                Tensor.count(batchesTracked.countValue() + 1));
        return new Trace() {
            @Override
            public Tensor output() {
                return output;
            }

            @Override
            public List<Tensor> buffersAfter() {
                return after;
            }

            @Override
            public LayerGradients backward(Tensor dyT, Context c, boolean needInput) {
                float[] dy = dyT.data(), dx = c.floats(dy.length);
                float[] dGamma = c.parameterFloats(features), dBeta = c.parameterFloats(features);
                Normalization.batchNormBackward(n, features, len, dy, 0, xhat, 0, gamma.data(), 0, invStd, 0,
                        dx, 0, dGamma, 0, dBeta, 0);
                return new LayerGradients(Tensor.wrap(dx, dyT.shape()),
                        List.of(Tensor.wrap(dGamma, features), Tensor.wrap(dBeta, features)));
            }
        };
    }

    @Override
    Layer with(List<Tensor> parameters, List<Tensor> buffers) {
        return new BatchNorm(features, eps, momentum, parameters.get(0), parameters.get(1),
                buffers.get(0), buffers.get(1), buffers.get(2));
    }

    @Override
    LayerSpec spec() {
        Map<String, Number> c = new LinkedHashMap<>();
        c.put("num_features", features);
        c.put("eps", eps);
        c.put("momentum", momentum);
        return new LayerSpec("BatchNorm1d", c);
    }

    @Override
    public String toString() {
        return "BatchNorm(" + features + ")";
    }
}
