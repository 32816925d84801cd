package dev.lanewise.layers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The mutable side of a library optimizer: its state arrays keyed {@code "<parameter>.<slot>"}, the steps taken,
 * and which model the state belongs to. A state belongs to the model the optimizer returned last: stepping from
 * any other model would apply one model's momentum to another's weights (the same shapes do not make it right),
 * so that fails. A fresh optimizer adopts the first model it is given; one made by {@code withState} adopts the
 * first model whose parameters the state covers exactly.
 */
final class OptimizerSlots {
    private final String optimizer;
    private final List<String> slotNames;
    private final Map<String, float[]> slots = new HashMap<>();
    private long steps;
    /** The model the last step returned; only compared by identity, never read. */
    private Sequential last;
    private boolean adopting = true;

    OptimizerSlots(String optimizer, List<String> slotNames) {
        this.optimizer = optimizer;
        this.slotNames = List.copyOf(slotNames);
    }

    long steps() {
        return steps;
    }

    /** Checks that {@code model} is the one this state belongs to (or may be adopted), before any work. */
    void begin(Sequential model) {
        if (!adopting) {
            if (model != last) {
                throw new IllegalStateException("model: expected the model this " + optimizer + " returned last, whose "
                        + "training its state (" + String.join(", ", slotNames) + " after " + steps + " steps) continues;"
                        + " got another model. Use fresh() to train another model, or withState(state()) to carry"
                        + " this state over on purpose");
            }
            return;
        }
        if (!slots.isEmpty()) {
            checkCovers(model);
        }
    }

    /** The state array {@code slot} of parameter {@code name}, zeros on first use. */
    float[] slot(String name, String slot, int size) {
        return slots.computeIfAbsent(name + "." + slot, k -> new float[size]);
    }

    void end(Sequential next) {
        steps++;
        last = next;
        adopting = false;
    }

    OptimizerState snapshot() {
        Map<String, Tensor> copy = new HashMap<>();
        slots.forEach((key, values) -> copy.put(key, Tensor.of(values.clone(), values.length)));
        return new OptimizerState(optimizer, steps, copy);
    }

    /** Replaces everything by a copy of {@code state}, which must be this optimizer's kind with its slot names. */
    void restore(OptimizerState state) {
        java.util.Objects.requireNonNull(state, "state: expected an optimizer state, got null");
        if (!state.optimizer().equals(optimizer)) {
            throw new IllegalArgumentException("state: expected the state of a " + optimizer + ", got one of a "
                    + state.optimizer());
        }
        for (Map.Entry<String, Tensor> e : state.slots().entrySet()) {
            if (!slotNames.contains(OptimizerState.slotOf(e.getKey()))) {
                throw new IllegalArgumentException("state: " + optimizer + " keeps " + slotNames + " per parameter, got '"
                        + e.getKey() + "'");
            }
            if (e.getValue().rank() != 1) {
                throw new IllegalArgumentException("state: '" + e.getKey() + "' expected a flat tensor, got "
                        + Tensor.shapeString(e.getValue().shape()));
            }
        }
        slots.clear();
        state.slots().forEach((key, t) -> slots.put(key, t.toArray()));
        steps = state.steps();
        last = null;
        adopting = true;
    }

    /** A restored state fits a model when it holds every slot of every parameter, of the parameter's size, and no other. */
    private void checkCovers(Sequential model) {
        List<String> names = model.parameterNames();
        List<Tensor> params = model.parameters();
        Set<String> expected = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            for (String slot : slotNames) {
                String key = names.get(i) + "." + slot;
                expected.add(key);
                float[] values = slots.get(key);
                if (values == null) {
                    problems.add("no '" + key + "'");
                } else if (values.length != params.get(i).size()) {
                    problems.add("'" + key + "' holds " + values.length + " values for a parameter of "
                            + params.get(i).size());
                }
            }
        }
        for (String key : new TreeSet<>(slots.keySet())) {
            if (!expected.contains(key)) {
                problems.add("'" + key + "' matches no parameter of the model");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("state: expected the slots of this model's parameters " + names
                    + ", got " + String.join("; ", problems));
        }
    }
}
