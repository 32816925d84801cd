package dev.lanewise.layers;

import dev.lanewise.kernels.OptimizerUpdates;

import java.util.List;
import java.util.Objects;

/** Stochastic gradient descent with optional (Nesterov) momentum and weight decay, as PyTorch's {@code SGD}. */
public final class Sgd implements Optimizer {
    private final float learningRate;
    private final float momentum;
    private final float weightDecay;
    private final boolean nesterov;
    private final DecayRule decayRule;
    /** No state at momentum 0 (as PyTorch keeps no momentum buffer then), else one velocity per parameter. */
    private final OptimizerSlots slots;

    /** PyTorch's name of the velocity slot. */
    static final String MOMENTUM = "momentum_buffer";

    private Sgd(Builder b) {
        this.learningRate = b.learningRate;
        this.momentum = b.momentum;
        this.weightDecay = b.weightDecay;
        this.nesterov = b.nesterov;
        this.decayRule = b.decayRule;
        this.slots = new OptimizerSlots("Sgd", momentum == 0f ? List.of() : List.of(MOMENTUM));
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
        return ParameterUpdate.apply(model, gradients, learningRateScale, into, decayRule, slots,
                momentum == 0f
                        ? (w, g, state, out, decayed) -> OptimizerUpdates.sgd(threads, w.length, lr,
                                decayed ? weightDecay : 0f, w, 0, g, 0, out, 0)
                        : (w, g, state, out, decayed) -> OptimizerUpdates.sgdMomentum(threads, w.length, lr, momentum,
                                decayed ? weightDecay : 0f, nesterov, w, 0, g, 0, state[0], 0, out, 0));
    }

    @Override
    public Sgd fresh() {
        return settings().build();
    }

    @Override
    public OptimizerState state() {
        return slots.snapshot();
    }

    @Override
    public Sgd withState(OptimizerState state) {
        Sgd next = fresh();
        next.slots.restore(state);
        return next;
    }

    private Builder settings() {
        return new Builder().learningRate(learningRate).momentum(momentum).weightDecay(weightDecay)
                .nesterov(nesterov).decayRule(decayRule);
    }

    @Override
    public float learningRate() {
        return learningRate;
    }

    @Override
    public String toString() {
        return "Sgd(lr=" + learningRate + ", momentum=" + momentum + (nesterov ? ", nesterov" : "")
                + ", weightDecay=" + weightDecay + ")";
    }

    public static final class Builder {
        private float learningRate = 0.01f;
        private float momentum;
        private float weightDecay;
        private boolean nesterov;
        private DecayRule decayRule = DecayRule.MATRICES;

        private Builder() {
        }

        public Builder learningRate(float value) {
            learningRate = ParameterUpdate.checkRate(value, "learningRate");
            return this;
        }

        public Builder momentum(float value) {
            if (!(value >= 0f && value < 1f)) {
                throw new IllegalArgumentException("momentum: expected a value in [0, 1), got " + value);
            }
            momentum = value;
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

        public Builder nesterov(boolean value) {
            nesterov = value;
            return this;
        }

        public Sgd build() {
            if (nesterov && momentum == 0f) {
                throw new IllegalArgumentException("nesterov: expected momentum > 0, got momentum 0");
            }
            return new Sgd(this);
        }
    }
}
