package dev.lanewise.layers;

import dev.lanewise.kernels.Activation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable chain of layers. {@link #apply} is inference and thread-safe; {@link #forward} is a training pass
 * whose {@link ForwardPass#backward} gives the gradients an {@link Optimizer} turns into the next model.
 * A {@link Linear} directly followed by {@link ReLU} runs as one GEMM plus one fused bias+ReLU pass.
 */
public final class Sequential {
    private final List<Layer> layers;
    /** state_dict names of the parameters, computed once per architecture and shared by the models stepped from it. */
    private List<String> parameterNames;
    /** The evaluation plans last used by apply (by input shape) and predict (by sample length): caches, benign races. */
    private volatile InferencePlan applyPlan;
    private volatile InferencePlan predictPlan;

    private Sequential(List<Layer> layers, List<String> parameterNames) {
        this(layers);
        this.parameterNames = parameterNames;
    }

    private Sequential(List<Layer> layers) {
        this.layers = layers;
    }

    public static Sequential of(Layer... layers) {
        Objects.requireNonNull(layers, "layers: expected layers, got null");
        return of(Arrays.asList(layers));
    }

    public static Sequential of(List<? extends Layer> layers) {
        Objects.requireNonNull(layers, "layers: expected layers, got null");
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) == null) {
                throw new IllegalArgumentException("layers: expected a layer at index " + i + ", got null");
            }
        }
        return new Sequential(List.copyOf(layers));
    }

    public List<Layer> layers() {
        return layers;
    }

    public int size() {
        return layers.size();
    }

    /** Inference (evaluation mode) with the default thread count. */
    public Tensor apply(Tensor input) {
        return apply(input, Threads.DEFAULT);
    }

    /** Inference with up to {@code threads} threads for GEMM (results do not depend on it). */
    public Tensor apply(Tensor input, int threads) {
        Objects.requireNonNull(input, "input: expected a tensor, got null");
        Threads.check(threads);
        int[] shape = input.shape();
        if (shape.length == 0) {
            throw new IllegalArgumentException("input: expected [batch, ...], got a scalar");
        }
        InferencePlan plan = applyPlan;
        if (plan == null || !plan.fits(shape)) {
            plan = InferencePlan.of(layers, shape);
            applyPlan = plan;
        }
        int batch = shape[0];
        plan.checkBatch(batch);
        float[] out = new float[batch * plan.outputSize()];
        plan.run(input.data(), batch, out, threads);
        return Tensor.wrap(out, Layer.withBatch(batch, plan.outputSample()));
    }

    /**
     * The model's output for one sample (no batch axis): {@code sample} holds one input row — {@code in} features
     * for a model that starts with Linear, {@code [channels, length]} flattened for Conv1d — and the result one
     * output row. Runs on the calling thread; thread-safe. See {@link #predict(float[], int, float[])}.
     */
    public float[] predict(float[] sample) {
        Objects.requireNonNull(sample, "sample: expected an array, got null");
        InferencePlan plan = predictPlan(sample.length, 1);
        float[] out = new float[plan.outputSize()];
        plan.run(sample, 1, out, 1);
        return out;
    }

    /**
     * Inference on plain arrays, for services: {@code samples} holds {@code batch} input rows back to back
     * ({@code samples.length} a multiple of {@code batch}; each row as in {@link #predict(float[])}), {@code out}
     * receives the {@code batch} output rows ({@code out.length == batch ×} output size). The same numbers as
     * {@link #apply} bit for bit. Thread-safe from any caller — pools, parallel streams, virtual threads: after
     * warm-up a call allocates nothing (intermediate activations come from a shared pool, not a thread-local, so
     * a virtual thread per request costs nothing either). A batch of one runs on the calling thread; larger
     * batches may use the default GEMM threads.
     */
    public void predict(float[] samples, int batch, float[] out) {
        predict(samples, batch, out, batch == 1 ? 1 : Threads.DEFAULT);
    }

    /**
     * {@link #predict(float[], int, float[])} with up to {@code threads} GEMM threads (the same bits for any count):
     * a service that already runs one request per core passes 1.
     */
    public void predict(float[] samples, int batch, float[] out, int threads) {
        Threads.check(threads);
        Objects.requireNonNull(samples, "samples: expected an array, got null");
        Objects.requireNonNull(out, "out: expected an array, got null");
        if (batch < 0) {
            throw new IllegalArgumentException("batch: expected >= 0, got " + batch);
        }
        if (batch == 0) {
            if (samples.length != 0 || out.length != 0) {
                throw new IllegalArgumentException("batch: 0 samples expected empty samples and out, got "
                        + samples.length + " and " + out.length + " floats");
            }
            return;
        }
        if (samples.length % batch != 0) {
            throw new IllegalArgumentException("samples: expected " + batch + " rows of equal length, got "
                    + samples.length + " floats");
        }
        InferencePlan plan = predictPlan(samples.length / batch, batch);
        plan.checkBatch(batch);
        if (out.length != (long) batch * plan.outputSize()) {
            throw new IllegalArgumentException("out: expected " + batch + " rows of " + plan.outputSize() + " = "
                    + (long) batch * plan.outputSize() + " floats, got " + out.length);
        }
        plan.run(samples, batch, out, threads);
    }

    /** The plan for samples of {@code length} floats (cached: the steady state allocates nothing). */
    private InferencePlan predictPlan(int length, int batch) {
        InferencePlan plan = predictPlan;
        if (plan == null || plan.inputSize() != length) {
            plan = InferencePlan.of(layers, Layer.withBatch(batch, sampleShape(length)));
            predictPlan = plan;
        }
        return plan;
    }

    /**
     * The shape this model reads a sample of {@code length} flat floats as — what {@link #predict(float[])} does
     * with a row: {@code [length]} for a model that starts with Linear, {@code [channels, length / channels]} for
     * Conv1d — so that flat rows (a table column, a request body) become the {@link Tensor} inputs of training:
     * {@code [batch, sampleShape...]}. Does not check that the model accepts the shape.
     */
    public int[] sampleShape(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length: expected >= 0 floats, got " + length);
        }
        for (Layer layer : layers) {
            int channels = layer instanceof Conv1d c ? c.inChannels()
                    : layer instanceof BatchNorm b && length != b.features() ? b.features() : 0;
            if (channels > 0) {
                if (length % channels != 0) {
                    throw new IllegalArgumentException("sample: expected " + channels + " channels of equal length"
                            + " for " + layer + ", got " + length + " floats");
                }
                return new int[]{channels, length / channels};
            }
            if (layer instanceof Linear || layer instanceof BatchNorm || layer instanceof Softmax
                    || layer instanceof Flatten) {
                break;
            }
        }
        return new int[]{length};
    }

    /** A training pass with seed 0 for any dropout, default threads. */
    public ForwardPass forward(Tensor input) {
        return forward(input, 0L, Threads.DEFAULT);
    }

    /**
     * A training pass: layers run in training mode (batch statistics, dropout masks drawn from {@code seed} and
     * the layer index). {@code threads} bounds the GEMM threads, here and in the backward pass.
     */
    public ForwardPass forward(Tensor input, long seed, int threads) {
        Objects.requireNonNull(input, "input: expected a tensor, got null");
        Threads.check(threads);
        return forward(input, new Context(seed, threads, 0, null));
    }

    /** A training pass drawing activation arrays from the context. */
    ForwardPass forward(Tensor input, Context context) {
        Layer.Trace[] traces = new Layer.Trace[layers.size()];
        Tensor x = input;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            layer.checkShapeAt(i, x.shape());
            if (fusedRelu(i)) {
                Tensor y = ((Linear) layer).forward(x, Activation.RELU, context);
                traces[i] = ((Linear) layer).trace(x, y);
                traces[i + 1] = ReLU.traceOf(y);
                i++;
            } else {
                traces[i] = layer.train(x, context.at(i));
            }
            x = traces[i].output();
        }
        return new ForwardPass(this, input, x, traces, context);
    }

    private boolean fusedRelu(int i) {
        return layers.get(i) instanceof Linear && i + 1 < layers.size() && layers.get(i + 1) instanceof ReLU;
    }

    /** All trainable parameters, layer by layer, in state_dict order. */
    public List<Tensor> parameters() {
        List<Tensor> all = new ArrayList<>();
        for (Layer layer : layers) {
            all.addAll(layer.parameters());
        }
        return all;
    }

    /** PyTorch state_dict names of {@link #parameters()}: {@code "0.weight"}, {@code "0.bias"}, … */
    public List<String> parameterNames() {
        List<String> names = parameterNames;
        if (names == null) {
            List<String> all = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                for (String name : layers.get(i).parameterNames()) {
                    all.add(i + "." + name);
                }
            }
            names = List.copyOf(all);
            parameterNames = names;   // a benign race: every thread computes the same immutable list
        }
        return names;
    }

    /**
     * Every parameter and buffer by its PyTorch state_dict name, in state_dict order — per layer its parameters,
     * then its buffers: {@code "0.weight"}, {@code "0.bias"}, {@code "1.running_mean"}, {@code "1.running_var"},
     * {@code "1.num_batches_tracked"} (a one-value tensor), … — as {@link ModelIO} saves them. The map and the
     * tensors are immutable; {@link #withStateDict} builds a model from such a map.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            for (int k = 0; k < l.parameters().size(); k++) {
                out.put(i + "." + l.parameterNames().get(k), l.parameters().get(k));
            }
            for (int k = 0; k < l.buffers().size(); k++) {
                out.put(i + "." + l.bufferNames().get(k), l.buffers().get(k));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * This architecture with the tensors of {@code state} — exactly the names of {@link #stateDict()}, each with
     * its shape (PyTorch's {@code load_state_dict(strict=True)}); this model is unchanged. Averaged models, a
     * model soup, weights computed elsewhere. Every missing, extra or mis-shaped tensor is named in one
     * IllegalArgumentException.
     */
    public Sequential withStateDict(Map<String, Tensor> state) {
        Objects.requireNonNull(state, "state: expected a map of tensors, got null");
        Map<String, Tensor> own = stateDict();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor t = state.get(e.getKey());
            if (t == null) {
                problems.add("missing '" + e.getKey() + "' " + Tensor.shapeString(e.getValue().shape()));
            } else if (!Arrays.equals(t.shape(), e.getValue().shape())) {
                problems.add("'" + e.getKey() + "': expected shape " + Tensor.shapeString(e.getValue().shape())
                        + ", got " + Tensor.shapeString(t.shape()));
            }
        }
        for (String name : state.keySet()) {
            if (!own.containsKey(name)) {
                problems.add("unexpected '" + name + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("state: expected the tensors of " + own.keySet() + ", got "
                    + String.join("; ", problems));
        }
        List<List<Tensor>> parameters = new ArrayList<>(), buffers = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            String prefix = i + ".";
            parameters.add(layers.get(i).parameterNames().stream().map(n -> state.get(prefix + n)).toList());
            buffers.add(layers.get(i).bufferNames().stream().map(n -> state.get(prefix + n)).toList());
        }
        return with(parameters, buffers);
    }

    /** This architecture with new parameters and buffers, per layer (shapes checked). */
    Sequential with(List<List<Tensor>> parameters, List<List<Tensor>> buffers) {
        List<Layer> next = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            List<Tensor> p = parameters.get(i), b = buffers.get(i);
            requireSameShapes(i, layer.parameterNames(), layer.parameters(), p);
            requireSameShapes(i, layer.bufferNames(), layer.buffers(), b);
            next.add(p.isEmpty() && b.isEmpty() ? layer : layer.with(p, b));
        }
        return new Sequential(List.copyOf(next), parameterNames);
    }

    /** This model with every layer {@link Layer#prepared() prepared} for inference (itself if nothing changes). */
    Sequential prepared() {
        List<Layer> next = new ArrayList<>(layers.size());
        boolean changed = false;
        for (Layer layer : layers) {
            Layer p = layer.prepared();
            changed |= p != layer;
            next.add(p);
        }
        return changed ? new Sequential(List.copyOf(next), parameterNames) : this;
    }

    static void requireSameShapes(int index, List<String> names, List<Tensor> expected, List<Tensor> actual) {
        if (expected.size() != actual.size()) {
            throw new IllegalArgumentException("layer " + index + ": expected " + expected.size()
                    + " tensors " + names + ", got " + actual.size());
        }
        for (int k = 0; k < expected.size(); k++) {
            if (!Arrays.equals(expected.get(k).shape(), actual.get(k).shape())) {
                throw new IllegalArgumentException("layer " + index + " " + names.get(k) + ": expected shape "
                        + Tensor.shapeString(expected.get(k).shape()) + ", got " + Tensor.shapeString(actual.get(k).shape()));
            }
        }
    }

    /**
     * A table of the layers — index, layer, output shape, parameters — and the totals: parameters, and the bytes
     * of parameters and buffers as float32. Output shapes are per batch; a length the architecture does not fix
     * (a Conv1d input's) shows as {@code L}, and what follows it as the expression it is.
     */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        String[] shapes = outputShapes();
        int width = "layer".length();
        for (Layer layer : layers) {
            width = Math.max(width, layer.toString().length());
        }
        int shapeWidth = "output".length();
        for (String shape : shapes) {
            shapeWidth = Math.max(shapeWidth, shape.length());
        }
        String row = "%3s  %-" + width + "s  %-" + shapeWidth + "s  %,12d%n";
        sb.append(String.format("%3s  %-" + width + "s  %-" + shapeWidth + "s  %12s%n", "#", "layer", "output",
                "parameters"));
        long total = 0, stored = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            long count = 0;
            for (Tensor t : layer.parameters()) {
                count += t.size();
            }
            for (Tensor t : layer.buffers()) {
                stored += t.size();
            }
            total += count;
            sb.append(String.format(row, i, layer, shapes[i], count));
        }
        stored += total;
        sb.append(String.format("total parameters %,d; %,d bytes of parameters and buffers as float32%n", total,
                4 * stored));
        return sb.toString();
    }

    /** Each layer's output shape as text, {@code [batch, ...]}, with {@code L} for a length the input decides. */
    private String[] outputShapes() {
        String[] out = new String[layers.size()];
        List<String> shape = null;   // per-sample dims as text; null while the input's shape is unknown
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (layer instanceof Linear l) {
                shape = List.of(Integer.toString(l.outFeatures()));
            } else if (layer instanceof Conv1d c) {
                String length = shape != null && shape.size() == 2 ? shape.get(1) : "L";
                String outLength;
                try {
                    outLength = Integer.toString(c.outputLength(Integer.parseInt(length)));
                } catch (NumberFormatException e) {
                    outLength = length.equals("L") ? c.outputLengthFormula() : "f(" + length + ")";
                }
                shape = List.of(Integer.toString(c.outChannels()), outLength);
            } else if (layer instanceof Flatten) {
                shape = shape == null ? null : List.of(product(shape));
            } else if (shape == null && layer instanceof BatchNorm b) {
                shape = List.of(Integer.toString(b.features()));
            }
            out[i] = shape == null ? "[batch, ...]" : "[batch, " + String.join(", ", shape) + "]";
        }
        return out;
    }

    /** d1·d2·… as a number when every dim is one, else as an expression ({@code 16·(L-2)}). */
    private static String product(List<String> dims) {
        long n = 1;
        try {
            for (String d : dims) {
                n *= Integer.parseInt(d);
            }
            return Long.toString(n);
        } catch (NumberFormatException e) {
            return String.join("·", dims.stream().map(d -> d.matches("\\w+") ? d : "(" + d + ")").toList());
        }
    }

    @Override
    public String toString() {
        return "Sequential" + layers;
    }
}
