package dev.lanewise.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The loop every optimizer shares: write each parameter's update to a new array — or, when the gradients are
 * consumable (a {@link TrainingStep}'s, which nobody else sees), into the gradient's own array — and rebuild the
 * model. The given model's tensors are only read.
 */
final class ParameterUpdate {
    private ParameterUpdate() {
    }

    /** Writes the update of parameter {@code w} with gradient {@code g} to {@code out} (a new array, or g itself). */
    interface Rule {
        void update(int index, float[] w, float[] g, float[] out, boolean decayed);
    }

    static Sequential apply(Sequential model, Gradients gradients, float learningRateScale, Rule rule) {
        Objects.requireNonNull(model, "model: expected a model, got null");
        Objects.requireNonNull(gradients, "gradients: expected gradients, got null");
        if (!(learningRateScale >= 0f) || Float.isInfinite(learningRateScale)) {
            throw new IllegalArgumentException("learningRateScale: expected a finite value >= 0, got " + learningRateScale);
        }
        List<Layer> layers = model.layers();
        List<List<Tensor>> grads = gradients.byLayer();
        if (grads.size() != layers.size()) {
            throw new IllegalArgumentException("gradients: expected " + layers.size() + " layers like the model, got "
                    + grads.size());
        }
        List<List<Tensor>> next = new ArrayList<>(layers.size());
        int index = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            List<Tensor> params = layer.parameters();
            List<Tensor> g = grads.get(i);
            Sequential.requireSameShapes(i, layer.parameterNames(), params, g);
            List<Tensor> updated = new ArrayList<>(params.size());
            for (int k = 0; k < params.size(); k++, index++) {
                float[] w = params.get(k).data(), grad = g.get(k).data();
                float[] out = gradients.consumable() ? grad : new float[w.length];
                boolean decayed = layer.parameterNames().get(k).equals("weight") && params.get(k).rank() >= 2;
                rule.update(index, w, grad, out, decayed);
                updated.add(Tensor.wrap(out, params.get(k).shape()));
            }
            next.add(updated);
        }
        List<List<Tensor>> buffers = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            List<Tensor> after = gradients.buffersByLayer().get(i);
            buffers.add(after.isEmpty() ? layers.get(i).buffers() : after);
        }
        return model.with(next, buffers);
    }

    /** State arrays by parameter position, created on first use and checked against the parameter size after. */
    static float[] state(List<float[]> states, int index, int size) {
        while (states.size() <= index) {
            states.add(null);
        }
        float[] s = states.get(index);
        if (s == null) {
            s = new float[size];
            states.set(index, s);
        } else if (s.length != size) {
            throw new IllegalStateException("optimizer state of parameter " + index + " has " + s.length
                    + " values but the parameter has " + size + ": use fresh() for another model");
        }
        return s;
    }

    static float checkRate(float value, String name) {
        if (!(value >= 0f) || Float.isInfinite(value)) {
            throw new IllegalArgumentException(name + ": expected a finite value >= 0, got " + value);
        }
        return value;
    }
}
