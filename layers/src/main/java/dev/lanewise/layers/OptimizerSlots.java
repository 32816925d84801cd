package dev.lanewise.layers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    /** Per parameter name, its state arrays in {@code slotNames} order. */
    private final Map<String, float[][]> slots = new HashMap<>();
    private long steps;
    /** The model the last step returned; only compared by identity, never read. */
    private Sequential last;
    private boolean adopting = true;
    private static final float[][] NO_STATE = new float[0][];

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

    /** The state arrays of parameter {@code name} (one per slot name), zeros on first use. */
    float[][] of(String name, int size) {
        if (slotNames.isEmpty()) {
            return NO_STATE;
        }
        float[][] state = slots.get(name);
        if (state == null) {
            state = new float[slotNames.size()][size];
            slots.put(name, state);
        }
        return state;
    }

    void end(Sequential next) {
        steps++;
        last = next;
        adopting = false;
    }

    OptimizerState snapshot() {
        Map<String, Tensor> copy = new HashMap<>();
        slots.forEach((name, state) -> {
            for (int k = 0; k < slotNames.size(); k++) {
                copy.put(name + "." + slotNames.get(k), Tensor.of(state[k].clone(), state[k].length));
            }
        });
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
        Map<String, float[][]> restored = new HashMap<>();
        for (Map.Entry<String, Tensor> e : state.slots().entrySet()) {
            float[][] arrays = restored.computeIfAbsent(OptimizerState.parameterOf(e.getKey()),
                    k -> new float[slotNames.size()][]);
            arrays[slotNames.indexOf(OptimizerState.slotOf(e.getKey()))] = e.getValue().toArray();
        }
        for (Map.Entry<String, float[][]> e : restored.entrySet()) {
            for (int k = 0; k < slotNames.size(); k++) {
                if (e.getValue()[k] == null) {
                    throw new IllegalArgumentException("state: parameter '" + e.getKey() + "' has no '"
                            + slotNames.get(k) + "' slot (" + optimizer + " keeps " + slotNames + ")");
                }
                if (e.getValue()[k].length != e.getValue()[0].length) {
                    throw new IllegalArgumentException("state: the slots of '" + e.getKey() + "' differ in size");
                }
            }
        }
        slots.clear();
        slots.putAll(restored);
        steps = state.steps();
        last = null;
        adopting = true;
    }

    /** A restored state fits a model when it holds every parameter's slots, of the parameter's size, and no other. */
    private void checkCovers(Sequential model) {
        List<String> names = model.parameterNames();
        List<Tensor> params = model.parameters();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            float[][] state = slots.get(names.get(i));
            if (state == null) {
                problems.add("no slots for '" + names.get(i) + "'");
            } else if (state[0].length != params.get(i).size()) {
                problems.add("'" + names.get(i) + "." + slotNames.get(0) + "' holds " + state[0].length
                        + " values for a parameter of " + params.get(i).size());
            }
        }
        for (String name : new TreeSet<>(slots.keySet())) {
            if (!names.contains(name)) {
                problems.add("'" + name + "." + slotNames.get(0) + "' matches no parameter of the model");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("state: expected the slots of this model's parameters " + names
                    + ", got " + String.join("; ", problems));
        }
    }
}
