package dev.lanewise.layers;

import dev.lanewise.kernels.Activation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
        Context context = Context.inference(threads);
        Tensor x = input;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            check(i, layer, x);
            if (fusedRelu(i)) {
                x = ((Linear) layer).forward(x, Activation.RELU, context);
                i++;
            } else {
                x = layer.infer(x, context);
            }
        }
        return x;
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
            check(i, layer, x);
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

    private static void check(int index, Layer layer, Tensor x) {
        try {
            layer.checkInput(x);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("layer " + index + " (" + layer + "): " + e.getMessage(), e);
        }
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

    @Override
    public String toString() {
        return "Sequential" + layers;
    }
}
