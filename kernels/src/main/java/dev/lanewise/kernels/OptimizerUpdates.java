package dev.lanewise.kernels;

import dev.lanewise.kernels.ops.KernelProvider;

/**
 * Fused optimizer updates over n parameters (PyTorch semantics; weight decay is L2 on the gradient), in place or
 * with the new parameters written to a separate (or the gradient's) buffer.
 */
public final class OptimizerUpdates {
    private OptimizerUpdates() {
    }

    /**
     * Plain SGD with L2 weight decay and no state (momentum 0, as PyTorch keeps no buffer then):
     * out = w − lr·(g + wd·w). {@code out} may be w or g at the same offset, and must not otherwise overlap them.
     */
    public static void sgd(int n, float learningRate, float weightDecay, float[] w, int offW, float[] g, int offG,
                           float[] out, int offOut) {
        sgd(1, n, learningRate, weightDecay, w, offW, g, offG, out, offOut);
    }

    /**
     * {@link #sgd(int, float, float, float[], int, float[], int, float[], int)} on up to {@code threads} threads
     * (large n only; every element is computed alike, so the bits do not depend on the count).
     */
    public static void sgd(int threads, int n, float learningRate, float weightDecay, float[] w, int offW,
                           float[] g, int offG, float[] out, int offOut) {
        Checks.positive(threads, "threads");
        checkFinite(learningRate, "learningRate");
        checkFinite(weightDecay, "weightDecay");
        Checks.notNull(w, "w");
        Checks.notNull(g, "g");
        Checks.nonNegative(n, "n");
        Checks.vectorFits(w, offW, n, "w", "offW");
        Checks.vectorFits(g, offG, n, "g", "offG");
        Checks.notNull(out, "out");
        Checks.vectorFits(out, offOut, n, "out", "offOut");
        Checks.inPlaceOrDisjoint(out, offOut, "out", w, offW, "w", n);
        Checks.inPlaceOrDisjoint(out, offOut, "out", g, offG, "g", n);
        KernelProvider.active().sgd(threads, n, learningRate, weightDecay, w, offW, g, offG, out, offOut);
    }

    /** g' = g + wd·w; v = μ·v + g'; w −= lr·(nesterov ? g' + μ·v : v). Updates w and v in place. */
    public static void sgdMomentum(int n, float learningRate, float momentum, float weightDecay, boolean nesterov,
                                   float[] w, int offW, float[] g, int offG, float[] v, int offV) {
        sgdMomentum(n, learningRate, momentum, weightDecay, nesterov, w, offW, g, offG, v, offV, w, offW);
    }

    /**
     * The same update with the new parameters written to {@code out} and w left unchanged; {@code out} may be w
     * or g at the same offset (an update that consumes the gradient buffer saves a copy of w), and must not
     * otherwise overlap w, g or v.
     */
    public static void sgdMomentum(int n, float learningRate, float momentum, float weightDecay, boolean nesterov,
                                   float[] w, int offW, float[] g, int offG, float[] v, int offV,
                                   float[] out, int offOut) {
        sgdMomentum(1, n, learningRate, momentum, weightDecay, nesterov, w, offW, g, offG, v, offV, out, offOut);
    }

    /** The out-of-place momentum update on up to {@code threads} threads (large n only; same bits for any count). */
    public static void sgdMomentum(int threads, int n, float learningRate, float momentum, float weightDecay,
                                   boolean nesterov, float[] w, int offW, float[] g, int offG, float[] v, int offV,
                                   float[] out, int offOut) {
        Checks.positive(threads, "threads");
        checkFinite(learningRate, "learningRate");
        checkFinite(momentum, "momentum");
        checkFinite(weightDecay, "weightDecay");
        checkParams(n, w, offW, g, offG, v, offV, "v", "offV");
        checkOut(n, out, offOut, w, offW, g, offG, v, offV);
        KernelProvider.active().sgdMomentum(threads, n, learningRate, momentum, weightDecay, nesterov,
                    w, offW, g, offG, v, offV, out, offOut);
    }

    /**
     * Adam at 1-based {@code step}: g' = g + wd·w; m = β1·m + (1−β1)·g'; v = β2·v + (1−β2)·g'²;
     * w −= lr/(1−β1ᵗ) · m / (√v / √(1−β2ᵗ) + ε). Updates w, m and v in place.
     */
    public static void adam(int n, float learningRate, float beta1, float beta2, float epsilon, float weightDecay,
                            long step, float[] w, int offW, float[] g, int offG,
                            float[] m, int offM, float[] v, int offV) {
        adam(n, learningRate, beta1, beta2, epsilon, weightDecay, step, w, offW, g, offG, m, offM, v, offV, w, offW);
    }

    /** Adam with the new parameters written to {@code out}, under the same rules as the out-of-place SGD. */
    public static void adam(int n, float learningRate, float beta1, float beta2, float epsilon, float weightDecay,
                            long step, float[] w, int offW, float[] g, int offG,
                            float[] m, int offM, float[] v, int offV, float[] out, int offOut) {
        adam(1, n, learningRate, beta1, beta2, epsilon, weightDecay, step, w, offW, g, offG, m, offM, v, offV, out,
                offOut);
    }

    /** The out-of-place Adam update on up to {@code threads} threads (large n only; same bits for any count). */
    public static void adam(int threads, int n, float learningRate, float beta1, float beta2, float epsilon,
                            float weightDecay, long step, float[] w, int offW, float[] g, int offG,
                            float[] m, int offM, float[] v, int offV, float[] out, int offOut) {
        Checks.positive(threads, "threads");
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
        checkOut(n, out, offOut, w, offW, g, offG, v, offV);
        if (out == m && overlaps(offOut, offM, n)) {
            throw new IllegalArgumentException("out: expected no overlap with m, got the same array at offsets "
                    + offOut + " and " + offM + " for " + n + " values");
        }
        Checks.disjoint(m, offM, n, "m", w, offW, n, "w");
        Checks.disjoint(m, offM, n, "m", g, offG, n, "g");
        Checks.disjoint(m, offM, n, "m", v, offV, n, "v");
        KernelProvider.active().adam(threads, n, learningRate, beta1, beta2, epsilon, weightDecay, step,
                    w, offW, g, offG, m, offM, v, offV, out, offOut);
    }

    /** out holds n values and is w or g exactly, or overlaps none of w, g, v. */
    private static void checkOut(int n, float[] out, int offOut, float[] w, int offW, float[] g, int offG,
                                 float[] v, int offV) {
        Checks.notNull(out, "out");
        Checks.vectorFits(out, offOut, n, "out", "offOut");
        boolean exact = (out == w && offOut == offW) || (out == g && offOut == offG);
        if (!exact && ((out == w && overlaps(offOut, offW, n)) || (out == g && overlaps(offOut, offG, n))
                || (out == v && overlaps(offOut, offV, n)))) {
            throw new IllegalArgumentException("out: expected w or g at the same offset, or no overlap with w, g "
                    + "and v, got an overlapping range at offset " + offOut);
        }
    }

    private static boolean overlaps(int a, int b, int n) {
        return n > 0 && a < b + n && b < a + n;
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
        // The state is updated in place while w and g are read: it must share no element with either.
        Checks.disjoint(state, offState, n, stateName, w, offW, n, "w");
        Checks.disjoint(state, offState, n, stateName, g, offG, n, "g");
    }
}
