package dev.lanewise.layers;

/**
 * Turns a model and its gradients into the next model; the given model is never changed. An optimizer owns its
 * training state (momentum, Adam moments), keyed by parameter position, so one instance trains one model at a
 * time and is not thread-safe; {@link #fresh()} gives an independent optimizer with the same settings.
 * Weight decay (L2 on the gradient) applies to weights — parameters named {@code weight} of rank ≥ 2 — never
 * to biases or normalization parameters.
 */
public interface Optimizer {
    /** One update with the configured learning rate. */
    default Sequential step(Sequential model, Gradients gradients) {
        return step(model, gradients, 1f);
    }

    /** One update with the learning rate multiplied by {@code learningRateScale} (learning-rate decay). */
    Sequential step(Sequential model, Gradients gradients, float learningRateScale);

    /** The same settings with no accumulated state. */
    Optimizer fresh();

    float learningRate();
}
