package dev.lanewise.layers;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An optimizer's training state as a value: which optimizer it belongs to, the steps taken, and per parameter its
 * state tensors, keyed {@code "<parameter>.<slot>"} with the parameter's state_dict name and PyTorch's slot name
 * ({@code "0.weight.momentum_buffer"} for SGD; {@code "0.weight.exp_avg"}, {@code "0.weight.exp_avg_sq"} for
 * Adam). Take it with {@link Optimizer#state()}, continue from it with {@link Optimizer#withState}, save it beside a
 * model with {@link ModelIO#save(Sequential, OptimizerState, java.nio.file.Path)}. The slots are sorted by key.
 */
public record OptimizerState(String optimizer, long steps, Map<String, Tensor> slots) {
    public OptimizerState {
        Objects.requireNonNull(optimizer, "optimizer: expected a name, got null");
        Objects.requireNonNull(slots, "slots: expected a map, got null");
        if (steps < 0) {
            throw new IllegalArgumentException("steps: expected >= 0, got " + steps);
        }
        TreeMap<String, Tensor> sorted = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : slots.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "slots: expected keys, got null");
            if (key.lastIndexOf('.') <= 0 || key.endsWith(".")) {
                throw new IllegalArgumentException("slots: expected keys '<parameter>.<slot>', got '" + key + "'");
            }
            sorted.put(key, Objects.requireNonNull(e.getValue(), "slots[" + key + "]: expected a tensor, got null"));
        }
        slots = Collections.unmodifiableSortedMap(sorted);
    }

    /** The state of an optimizer that has not stepped yet. */
    public static OptimizerState empty(String optimizer) {
        return new OptimizerState(optimizer, 0, Map.of());
    }

    /** The parameter name of a slot key: {@code "0.weight"} of {@code "0.weight.exp_avg"}. */
    static String parameterOf(String key) {
        return key.substring(0, key.lastIndexOf('.'));
    }

    /** The slot name of a slot key: {@code "exp_avg"} of {@code "0.weight.exp_avg"}. */
    static String slotOf(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }
}
