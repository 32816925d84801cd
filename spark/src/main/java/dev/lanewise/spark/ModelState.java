package dev.lanewise.spark;

import dev.lanewise.layers.OptimizerState;
import dev.lanewise.layers.Sequential;
import dev.lanewise.layers.Tensor;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What travels between the driver and the training tasks every averaging period: a model's state_dict and its
 * optimizer's state, as named float arrays. {@link #average} is the parameter-averaging rule.
 */
final class ModelState implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final String COUNT = "num_batches_tracked";

    private final Named model;
    private final String optimizer;
    private final long steps;
    private final Named slots;

    /** Names, shapes and values, in one order. */
    private record Named(List<String> names, List<int[]> shapes, List<float[]> values) implements Serializable {
        static Named of(Map<String, Tensor> tensors) {
            List<String> names = new ArrayList<>(tensors.keySet());
            List<int[]> shapes = new ArrayList<>();
            List<float[]> values = new ArrayList<>();
            for (Tensor t : tensors.values()) {
                shapes.add(t.shape());
                values.add(t.toArray());
            }
            return new Named(names, shapes, values);
        }

        Map<String, Tensor> tensors() {
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                out.put(names.get(i), Tensor.of(values.get(i), shapes.get(i)));
            }
            return out;
        }

        long bytes() {
            long b = 0;
            for (float[] v : values) {
                b += 4L * v.length;
            }
            return b;
        }

        /** The element-wise mean of {@code all} (same names and shapes), summed in double in list order; counts: the largest. */
        static Named mean(List<Named> all) {
            Named first = all.getFirst();
            List<float[]> values = new ArrayList<>();
            for (int t = 0; t < first.names().size(); t++) {
                int size = first.values().get(t).length;
                float[] out = new float[size];
                if (first.names().get(t).endsWith(COUNT)) {
                    for (Named n : all) {
                        float[] v = n.values().get(t);
                        for (int i = 0; i < size; i++) {
                            out[i] = n == first ? v[i] : Math.max(out[i], v[i]);
                        }
                    }
                } else {
                    // One pass per state over contiguous arrays, summed in double in list (partition) order.
                    double[] sum = new double[size];
                    for (Named n : all) {
                        float[] v = n.values().get(t);
                        for (int i = 0; i < size; i++) {
                            sum[i] += v[i];
                        }
                    }
                    double count = all.size();
                    for (int i = 0; i < size; i++) {
                        out[i] = (float) (sum[i] / count);
                    }
                }
                values.add(out);
            }
            return new Named(first.names(), first.shapes(), values);
        }
    }

    private ModelState(Named model, String optimizer, long steps, Named slots) {
        this.model = model;
        this.optimizer = optimizer;
        this.steps = steps;
        this.slots = slots;
    }

    static ModelState of(Sequential model, OptimizerState state) {
        return new ModelState(Named.of(model.stateDict()), state.optimizer(), state.steps(), Named.of(state.slots()));
    }

    /** {@code architecture} with this state's parameters and buffers. */
    Sequential model(Sequential architecture) {
        return architecture.withStateDict(model.tensors());
    }

    OptimizerState optimizerState() {
        return new OptimizerState(optimizer, steps, slots.tensors());
    }

    /** Bytes of float data: what one copy of this state costs on the wire (before Spark's compression). */
    long bytes() {
        return model.bytes() + slots.bytes();
    }

    /**
     * Parameter averaging: every parameter, buffer and optimizer slot is the mean of the given states' (summed in
     * double in the given order — partition order — so the result is the same on every run); counts
     * ({@code num_batches_tracked}, the optimizer's steps) are the largest. A slot some states lack (momentum an
     * optimizer creates on its first step) is averaged over the states that have it.
     */
    static ModelState average(List<ModelState> states) {
        if (states.size() == 1) {
            return states.getFirst();
        }
        Named model = Named.mean(states.stream().map(s -> s.model).toList());
        long steps = states.stream().mapToLong(s -> s.steps).max().orElseThrow();
        List<Named> slots = states.stream().map(s -> s.slots).filter(n -> !n.names().isEmpty()).toList();
        Named slotMean = slots.isEmpty() ? states.getFirst().slots : Named.mean(slots);
        return new ModelState(model, states.getFirst().optimizer, steps, slotMean);
    }
}
