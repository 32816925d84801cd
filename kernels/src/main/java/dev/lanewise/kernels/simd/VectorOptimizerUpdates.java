package dev.lanewise.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/** Vector fused optimizer updates: each parameter, gradient and state element is read and written once. */
public final class VectorOptimizerUpdates {
    private static final VectorSpecies<Float> F = Lanes.F;

    private VectorOptimizerUpdates() {
    }

    /** Plain SGD, no state: out = w − lr·(g + wd·w), with the same fused roundings as {@link #sgdMomentum}. */
    public static void sgd(int n, float learningRate, float weightDecay, float[] w, int offW, float[] g, int offG,
                           float[] out, int offOut) {
        FloatVector wd = FloatVector.broadcast(F, weightDecay);
        FloatVector minusLr = FloatVector.broadcast(F, -learningRate);
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            FloatVector wv = FloatVector.fromArray(F, w, offW + i);
            wv.fma(wd, FloatVector.fromArray(F, g, offG + i)).fma(minusLr, wv).intoArray(out, offOut + i);
        }
        for (; i < n; i++) {
            float wi = w[offW + i];
            out[offOut + i] = Math.fma(Math.fma(wi, weightDecay, g[offG + i]), -learningRate, wi);
        }
    }

    /** Writes the new parameters to {@code out}, which may be w or g at the same offset (read before written). */
    public static void sgdMomentum(int n, float learningRate, float momentum, float weightDecay, boolean nesterov,
                                   float[] w, int offW, float[] g, int offG, float[] v, int offV,
                                   float[] out, int offOut) {
        FloatVector wd = FloatVector.broadcast(F, weightDecay);
        FloatVector mu = FloatVector.broadcast(F, momentum);
        FloatVector minusLr = FloatVector.broadcast(F, -learningRate);
        VectorMask<Float> nesterovMask = F.maskAll(!nesterov);
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            FloatVector wv = FloatVector.fromArray(F, w, offW + i);
            FloatVector grad = wv.fma(wd, FloatVector.fromArray(F, g, offG + i));
            FloatVector vel = FloatVector.fromArray(F, v, offV + i).fma(mu, grad);
            vel.intoArray(v, offV + i);
            // Nesterov looks ahead: step = g' + μ·v. A select of two vectors (not a branch) keeps C2 box-free.
            FloatVector step = vel.fma(mu, grad).blend(vel, nesterovMask);
            step.fma(minusLr, wv).intoArray(out, offOut + i);
        }
        for (; i < n; i++) {
            float wi = w[offW + i];
            float grad = Math.fma(wi, weightDecay, g[offG + i]);
            float vel = Math.fma(v[offV + i], momentum, grad);
            v[offV + i] = vel;
            float step = nesterov ? Math.fma(vel, momentum, grad) : vel;
            out[offOut + i] = Math.fma(step, -learningRate, wi);
        }
    }

    /** Writes the new parameters to {@code out}, which may be w or g at the same offset (read before written). */
    public static void adam(int n, float learningRate, float beta1, float beta2, float epsilon, float weightDecay,
                            long step, float[] w, int offW, float[] g, int offG,
                            float[] m, int offM, float[] v, int offV, float[] out, int offOut) {
        // Bias corrections folded into two per-call constants: w −= stepSize · m / (√v · invSqrtC2 + ε).
        float stepSize = (float) (learningRate / (1 - Math.pow(beta1, step)));
        float invSqrtC2 = (float) (1 / Math.sqrt(1 - Math.pow(beta2, step)));
        float oneMinusB1 = 1f - beta1;
        float oneMinusB2 = 1f - beta2;
        FloatVector wd = FloatVector.broadcast(F, weightDecay);
        FloatVector invSqrtC2v = FloatVector.broadcast(F, invSqrtC2);
        FloatVector eps = FloatVector.broadcast(F, epsilon);
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            FloatVector wv = FloatVector.fromArray(F, w, offW + i);
            FloatVector grad = wv.fma(wd, FloatVector.fromArray(F, g, offG + i));
            FloatVector mv = FloatVector.fromArray(F, m, offM + i).mul(beta1).add(grad.mul(oneMinusB1));
            FloatVector vv = FloatVector.fromArray(F, v, offV + i).mul(beta2).add(grad.mul(grad).mul(oneMinusB2));
            mv.intoArray(m, offM + i);
            vv.intoArray(v, offV + i);
            FloatVector denom = vv.sqrt().fma(invSqrtC2v, eps);
            wv.sub(mv.div(denom).mul(stepSize)).intoArray(out, offOut + i);
        }
        for (; i < n; i++) {
            float wi = w[offW + i];
            float grad = Math.fma(wi, weightDecay, g[offG + i]);
            float mi = m[offM + i] * beta1 + grad * oneMinusB1;
            float vi = v[offV + i] * beta2 + grad * grad * oneMinusB2;
            m[offM + i] = mi;
            v[offV + i] = vi;
            float denom = Math.fma((float) Math.sqrt(vi), invSqrtC2, epsilon);
            out[offOut + i] = wi - mi / denom * stepSize;
        }
    }
}
