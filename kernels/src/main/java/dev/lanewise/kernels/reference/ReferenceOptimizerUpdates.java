package dev.lanewise.kernels.reference;

/** Plain loops for the in-place optimizer updates, with PyTorch's semantics. */
public final class ReferenceOptimizerUpdates {
    private ReferenceOptimizerUpdates() {
    }

    /** Plain SGD with L2 weight decay and no state: out = w − lr·(g + wd·w); out may be w or g at the same offset. */
    public static void sgd(int n, float learningRate, float weightDecay, float[] w, int offW, float[] g, int offG,
                           float[] out, int offOut) {
        for (int i = 0; i < n; i++) {
            float wi = w[offW + i];
            out[offOut + i] = wi - learningRate * (g[offG + i] + weightDecay * wi);
        }
    }

    /**
     * SGD with momentum and L2 weight decay: g' = g + wd·w; v = μ·v + g'; w −= lr·(nesterov ? g' + μ·v : v).
     */
    public static void sgdMomentum(int n, float learningRate, float momentum, float weightDecay, boolean nesterov,
                                   float[] w, int offW, float[] g, int offG, float[] v, int offV) {
        sgdMomentum(n, learningRate, momentum, weightDecay, nesterov, w, offW, g, offG, v, offV, w, offW);
    }

    /** The same update written to {@code out} (which may be w or g at the same offset) instead of w. */
    public static void sgdMomentum(int n, float learningRate, float momentum, float weightDecay, boolean nesterov,
                                   float[] w, int offW, float[] g, int offG, float[] v, int offV,
                                   float[] out, int offOut) {
        for (int i = 0; i < n; i++) {
            float wi = w[offW + i];
            float grad = g[offG + i] + weightDecay * wi;
            float vel = momentum * v[offV + i] + grad;
            v[offV + i] = vel;
            float step = nesterov ? grad + momentum * vel : vel;
            out[offOut + i] = wi - learningRate * step;
        }
    }

    /**
     * Adam with bias correction at 1-based step t and L2 weight decay: g' = g + wd·w; m = β1·m + (1−β1)·g';
     * v = β2·v + (1−β2)·g'²; w −= lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε).
     */
    public static void adam(int n, float learningRate, float beta1, float beta2, float epsilon, float weightDecay,
                            long step, float[] w, int offW, float[] g, int offG,
                            float[] m, int offM, float[] v, int offV) {
        adam(n, learningRate, beta1, beta2, epsilon, weightDecay, step, w, offW, g, offG, m, offM, v, offV, w, offW);
    }

    /** The same update written to {@code out} (which may be w or g at the same offset) instead of w. */
    public static void adam(int n, float learningRate, float beta1, float beta2, float epsilon, float weightDecay,
                            long step, float[] w, int offW, float[] g, int offG,
                            float[] m, int offM, float[] v, int offV, float[] out, int offOut) {
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = 1 - Math.pow(beta2, step);
        for (int i = 0; i < n; i++) {
            double wi = w[offW + i];
            double grad = g[offG + i] + (double) weightDecay * wi;
            double mi = beta1 * (double) m[offM + i] + (1 - (double) beta1) * grad;
            double vi = beta2 * (double) v[offV + i] + (1 - (double) beta2) * grad * grad;
            m[offM + i] = (float) mi;
            v[offV + i] = (float) vi;
            double denom = Math.sqrt(vi) / Math.sqrt(correction2) + epsilon;
            out[offOut + i] = (float) (wi - learningRate / correction1 * mi / denom);
        }
    }
}
