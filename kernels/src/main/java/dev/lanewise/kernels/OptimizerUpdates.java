package dev.lanewise.kernels;

import dev.lanewise.kernels.reference.ReferenceOptimizerUpdates;
import dev.lanewise.kernels.simd.VectorOptimizerUpdates;

/** Fused, in-place optimizer updates over n parameters (PyTorch semantics; weight decay is L2 on the gradient). */
public final class OptimizerUpdates {
    private OptimizerUpdates() {
    }

    /** g' = g + wd·w; v = μ·v + g'; w −= lr·(nesterov ? g' + μ·v : v). Updates w and v in place. */
    public static void sgdMomentum(int n, float learningRate, float momentum, float weightDecay, boolean nesterov,
                                   float[] w, int offW, float[] g, int offG, float[] v, int offV) {
        checkFinite(learningRate, "learningRate");
        checkFinite(momentum, "momentum");
        checkFinite(weightDecay, "weightDecay");
        checkParams(n, w, offW, g, offG, v, offV, "v", "offV");
        if (Vectorization.ENABLED) {
            VectorOptimizerUpdates.sgdMomentum(n, learningRate, momentum, weightDecay, nesterov, w, offW, g, offG, v, offV);
        } else {
            ReferenceOptimizerUpdates.sgdMomentum(n, learningRate, momentum, weightDecay, nesterov,
                    w, offW, g, offG, v, offV);
        }
    }

    /**
     * Adam at 1-based {@code step}: g' = g + wd·w; m = β1·m + (1−β1)·g'; v = β2·v + (1−β2)·g'²;
     * w −= lr/(1−β1ᵗ) · m / (√v / √(1−β2ᵗ) + ε). Updates w, m and v in place.
     */
    public static void adam(int n, float learningRate, float beta1, float beta2, float epsilon, float weightDecay,
                            long step, float[] w, int offW, float[] g, int offG,
                            float[] m, int offM, float[] v, int offV) {
        checkFinite(learningRate, "learningRate");
        checkFinite(weightDecay, "weightDecay");
        if (!(beta1 >= 0f && beta1 < 1f)) {
            throw new IllegalArgumentException("beta1: expected in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0f && beta2 < 1f)) {
            throw new IllegalArgumentException("beta2: expected in [0, 1), got " + beta2);
        }
        if (!(epsilon > 0f) || Float.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon: expected a finite value > 0, got " + epsilon);
        }
        if (step < 1) {
            throw new IllegalArgumentException("step: expected >= 1 (Adam's steps count from 1), got " + step);
        }
        Checks.notNull(m, "m");
        checkParams(n, w, offW, g, offG, v, offV, "v", "offV");
        Checks.vectorFits(m, offM, n, "m", "offM");
        if (Vectorization.ENABLED) {
            VectorOptimizerUpdates.adam(n, learningRate, beta1, beta2, epsilon, weightDecay, step,
                    w, offW, g, offG, m, offM, v, offV);
        } else {
            ReferenceOptimizerUpdates.adam(n, learningRate, beta1, beta2, epsilon, weightDecay, step,
                    w, offW, g, offG, m, offM, v, offV);
        }
    }

    private static void checkFinite(float value, String name) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException(name + ": expected a finite value, got " + value);
        }
    }

    private static void checkParams(int n, float[] w, int offW, float[] g, int offG,
                                    float[] state, int offState, String stateName, String offStateName) {
        Checks.notNull(w, "w");
        Checks.notNull(g, "g");
        Checks.notNull(state, stateName);
        Checks.nonNegative(n, "n");
        Checks.vectorFits(w, offW, n, "w", "offW");
        Checks.vectorFits(g, offG, n, "g", "offG");
        Checks.vectorFits(state, offState, n, stateName, offStateName);
    }
}
