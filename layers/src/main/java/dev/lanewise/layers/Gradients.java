package dev.lanewise.layers;

import java.util.ArrayList;
import java.util.List;

/**
 * Gradients of one backward pass: per layer, of each parameter (in {@link Layer#parameters()} order), plus the
 * gradient of the model's input and the layers' buffers after the pass (BatchNorm running statistics), which an
 * {@link Optimizer} step carries into the next model.
 */
public final class Gradients {
    private final Sequential model;
    private final Tensor input;
    private final List<List<Tensor>> parameters;
    private final List<List<Tensor>> buffers;

    Gradients(Sequential model, Tensor input, List<List<Tensor>> parameters, List<List<Tensor>> buffers) {
        this.model = model;
        this.input = input;
        this.parameters = parameters;
        this.buffers = buffers;
    }

    /** The model these gradients belong to. */
    public Sequential model() {
        return model;
    }

    /** Gradient of the loss by the model's input. */
    public Tensor input() {
        if (input == null) {
            throw new IllegalStateException("input: this backward pass skipped the input gradient");
        }
        return input;
    }

    /** Gradients of layer {@code index}'s parameters. */
    public List<Tensor> layer(int index) {
        return parameters.get(java.util.Objects.checkIndex(index, parameters.size()));
    }

    /** All parameter gradients, aligned with {@link Sequential#parameters()}. */
    public List<Tensor> parameters() {
        List<Tensor> all = new ArrayList<>();
        parameters.forEach(all::addAll);
        return all;
    }

    List<List<Tensor>> byLayer() {
        return parameters;
    }

    List<List<Tensor>> buffersByLayer() {
        return buffers;
    }
}
