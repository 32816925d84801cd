package dev.lanewise.layers;

import dev.lanewise.kernels.OptimizerUpdates;

import java.util.List;
import java.util.Objects;

/** Adam with bias correction and optional L2 weight decay, as PyTorch's {@code Adam}. */
public final class Adam implements Optimizer {
    private final float learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float weightDecay;
    private final DecayRule decayRule;
    private final OptimizerSlots slots = new OptimizerSlots("Adam", List.of(FIRST, SECOND));

    /** PyTorch's names of the first and second moment slots. */
    static final String FIRST = "exp_avg", SECOND = "exp_avg_sq";

    private Adam(Builder b) {
        this.learningRate = b.learningRate;
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.epsilon = b.epsilon;
        this.weightDecay = b.weightDecay;
        this.decayRule = b.decayRule;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Sequential step(Sequential model, Gradients gradients, float learningRateScale) {
        return update(model, gradients, learningRateScale, null, 1);
    }

    @Override
    public Sequential stepInto(Sequential model, Gradients gradients, float learningRateScale, List<float[]> into) {
        return stepInto(model, gradients, learningRateScale, into, 1);
    }

    @Override
    public Sequential stepInto(Sequential model, Gradients gradients, float learningRateScale, List<float[]> into,
                               int threads) {
        Objects.requireNonNull(into, "into: expected arrays, got null");
        return update(model, gradients, learningRateScale, into, Threads.check(threads));
    }

    private Sequential update(Sequential model, Gradients gradients, float learningRateScale, List<float[]> into,
                              int threads) {
        float lr = learningRate * learningRateScale;
        long t = slots.steps() + 1;
        return ParameterUpdate.apply(model, gradients, learningRateScale, into, decayRule, slots,
                (w, g, state, out, decayed) -> OptimizerUpdates.adam(threads, w.length, lr, beta1, beta2, epsilon,
                        decayed ? weightDecay : 0f, t, w, 0, g, 0, state[0], 0, state[1], 0, out, 0));
    }

    @Override
    public Adam fresh() {
        return new Builder().learningRate(learningRate).betas(beta1, beta2).epsilon(epsilon)
                .weightDecay(weightDecay).decayRule(decayRule).build();
    }

    @Override
    public OptimizerState state() {
        return slots.snapshot();
    }

    @Override
    public Adam withState(OptimizerState state) {
        Adam next = fresh();
        next.slots.restore(state);
        return next;
    }

    @Override
    public float learningRate() {
        return learningRate;
    }

    @Override
    public String toString() {
        return "Adam(lr=" + learningRate + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + epsilon
                + ", weightDecay=" + weightDecay + ")";
    }

    public static final class Builder {
        private float learningRate = 1e-3f;
        private float beta1 = 0.9f;
        private float beta2 = 0.999f;
        private float epsilon = 1e-8f;
        private float weightDecay;
        private DecayRule decayRule = DecayRule.MATRICES;

        private Builder() {
        }

        public Builder learningRate(float value) {
            learningRate = ParameterUpdate.checkRate(value, "learningRate");
            return this;
        }

        public Builder betas(float b1, float b2) {
            if (!(b1 >= 0f && b1 < 1f) || !(b2 >= 0f && b2 < 1f)) {
                throw new IllegalArgumentException("betas: expected values in [0, 1), got " + b1 + ", " + b2);
            }
            beta1 = b1;
            beta2 = b2;
            return this;
        }

        public Builder epsilon(float value) {
            if (!(value > 0f) || Float.isInfinite(value)) {
                throw new IllegalArgumentException("epsilon: expected a finite value > 0, got " + value);
            }
            epsilon = value;
            return this;
        }

        public Builder weightDecay(float value) {
            weightDecay = ParameterUpdate.checkRate(value, "weightDecay");
            return this;
        }

        /** Which parameters {@link #weightDecay} applies to; {@link DecayRule#MATRICES} by default. */
        public Builder decayRule(DecayRule value) {
            decayRule = Objects.requireNonNull(value, "decayRule: expected a rule, got null");
            return this;
        }

        public Adam build() {
            return new Adam(this);
        }
    }
}
