package dev.lanewise.layers;

import java.util.List;

/**
 * Turns a model and its gradients into the next model; the given model is never changed. An optimizer owns its
 * training state (momentum, Adam moments) as an {@link OptimizerState}: per parameter, keyed by the parameter's
 * state_dict name. That state belongs to the model the optimizer returned last, so a step from any other model
 * fails (use {@link #fresh()} for another model, or {@link #withState} to carry a state over, e.g. to resume from
 * a checkpoint). One instance trains one model at a time and is not thread-safe. Which parameters get weight
 * decay is the optimizer's {@link DecayRule} ({@link DecayRule#MATRICES} unless its builder says otherwise).
 */
public interface Optimizer {
    /** One update with the configured learning rate. */
    default Sequential step(Sequential model, Gradients gradients) {
        return step(model, gradients, 1f);
    }

    /** One update with the learning rate multiplied by {@code learningRateScale} (learning-rate decay). */
    Sequential step(Sequential model, Gradients gradients, float learningRateScale);

    /**
     * The same update written into {@code into} — one array per parameter in {@link Sequential#parameters()} order,
     * each of the parameter's size, owned by the caller (a {@link TrainingStep} passes its gradient arrays, which an
     * update reads element by element before writing) — and the next model built on them. An implementation must
     * not keep {@code model} or its arrays after returning. The default ignores {@code into} and returns
     * {@link #step}'s model; callers see that from the returned model's arrays.
     */
    default Sequential stepInto(Sequential model, Gradients gradients, float learningRateScale, List<float[]> into) {
        return step(model, gradients, learningRateScale);
    }

    /**
     * {@link #stepInto(Sequential, Gradients, float, List)} on up to {@code threads} threads (what a
     * {@link TrainingStep} passes); the result must not depend on the count. The library's optimizers split large
     * parameters across the threads; the default ignores {@code threads}.
     */
    default Sequential stepInto(Sequential model, Gradients gradients, float learningRateScale, List<float[]> into,
                                int threads) {
        return stepInto(model, gradients, learningRateScale, into);
    }

    /** The same settings with no accumulated state. */
    Optimizer fresh();

    /** A copy of the current state (steps taken and the state tensors of every parameter seen). */
    OptimizerState state();

    /**
     * The same settings continuing from a copy of {@code state} (this optimizer is unchanged); its first step may start
     * from any model whose parameters the state covers exactly, by name and size.
     */
    Optimizer withState(OptimizerState state);

    float learningRate();
}
