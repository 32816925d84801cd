package dev.lanewise.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The loop every library optimizer shares: write each parameter's update to its output array — a new one, or the
 * caller's ({@link Optimizer#stepInto}) — and rebuild the model. The given model's tensors are only read.
 */
final class ParameterUpdate {
    private ParameterUpdate() {
    }

    /**
     * Writes the update of parameter {@code name} (weights w, gradient g, the optimizer's state arrays of that
     * parameter) to {@code out}, which may be g itself.
     */
    interface Rule {
        void update(float[] w, float[] g, float[][] state, float[] out, boolean decayed);
    }

    /** Checks the arguments, then updates every parameter; {@code into} is null (allocate) or one array per parameter. */
    static Sequential apply(Sequential model, Gradients gradients, float learningRateScale, List<float[]> into,
                            DecayRule decay, OptimizerSlots slots, Rule rule) {
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
        for (int i = 0; i < layers.size(); i++) {
            Sequential.requireSameShapes(i, layers.get(i).parameterNames(), layers.get(i).parameters(), grads.get(i));
        }
        if (into != null) {
            checkInto(model, into);
        }
        slots.begin(model);
        List<String> names = model.parameterNames();
        List<List<Tensor>> next = new ArrayList<>(layers.size());
        int index = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            List<Tensor> params = layer.parameters();
            List<Tensor> g = grads.get(i);
            List<Tensor> updated = new ArrayList<>(params.size());
            for (int k = 0; k < params.size(); k++, index++) {
                Tensor p = params.get(k);
                String name = names.get(index);
                float[] w = p.data(), grad = g.get(k).data();
                float[] out = into != null ? into.get(index) : new float[w.length];
                rule.update(w, grad, slots.of(name, w.length), out, decay.decays(name, p));
                updated.add(Tensor.wrap(out, p.shape()));
            }
            next.add(updated);
        }
        List<List<Tensor>> buffers = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            List<Tensor> after = gradients.buffersByLayer().get(i);
            buffers.add(after.isEmpty() ? layers.get(i).buffers() : after);
        }
        Sequential result = model.with(next, buffers);
        slots.end(result);
        return result;
    }

    /**
     * One distinct array per parameter, of its size, none of them a parameter's own array. Indexed loops only: this
     * runs every training step, and must not allocate.
     */
    private static void checkInto(Sequential model, List<float[]> into) {
        List<Layer> layers = model.layers();
        int count = 0;
        for (int l = 0; l < layers.size(); l++) {
            count += layers.get(l).parameters().size();
        }
        if (into.size() != count) {
            throw new IllegalArgumentException("into: expected " + count + " arrays (one per parameter), got "
                    + into.size());
        }
        int i = 0;
        for (int l = 0; l < layers.size(); l++) {
            List<Tensor> params = layers.get(l).parameters();
            for (int k = 0; k < params.size(); k++, i++) {
                float[] out = into.get(i);
                if (out == null) {
                    throw new NullPointerException("into[" + i + "]: expected an array, got null");
                }
                if (out.length != params.get(k).size()) {
                    throw new IllegalArgumentException("into[" + i + "] (" + model.parameterNames().get(i)
                            + "): expected " + params.get(k).size() + " floats, got " + out.length);
                }
                for (int j = 0; j < i; j++) {
                    if (into.get(j) == out) {
                        throw new IllegalArgumentException("into[" + i + "]: expected its own array, got the array of"
                                + " into[" + j + "] again");
                    }
                }
                if (isParameterArray(layers, out)) {
                    throw new IllegalArgumentException("into[" + i + "]: expected an array the caller owns, got a"
                            + " parameter array of the model being stepped");
                }
            }
        }
    }

    private static boolean isParameterArray(List<Layer> layers, float[] array) {
        for (int l = 0; l < layers.size(); l++) {
            List<Tensor> params = layers.get(l).parameters();
            for (int k = 0; k < params.size(); k++) {
                if (params.get(k).data() == array) {
                    return true;
                }
            }
        }
        return false;
    }

    static float checkRate(float value, String name) {
        if (!(value >= 0f) || Float.isInfinite(value)) {
            throw new IllegalArgumentException(name + ": expected a finite value >= 0, got " + value);
        }
        return value;
    }
}
