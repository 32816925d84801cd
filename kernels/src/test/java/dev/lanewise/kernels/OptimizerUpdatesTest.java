package dev.lanewise.kernels;

import dev.lanewise.kernels.reference.ReferenceOptimizerUpdates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptimizerUpdatesTest {

    static IntStream sizes() {
        return IntStream.of(Shapes.sizes());
    }

    /**
     * SGD: g' = g + wd·w (2 ops), v = μv + g' (2 ops), step (2 ops), w − lr·step (2 ops); vector and reference
     * round differently (FMA), each within γ_k of the exact value over the magnitudes involved.
     */
    @ParameterizedTest
    @MethodSource("sizes")
    void sgdMomentumMatchesReference(int n) {
        for (boolean nesterov : new boolean[]{false, true}) {
            SplittableRandom rnd = new SplittableRandom(n * 2L + (nesterov ? 1 : 0));
            float lr = 0.05f, mu = 0.9f, wd = 1e-3f;
            float[] w = TestArrays.vector(rnd, 1, n, -1, 1);
            float[] g = TestArrays.vector(rnd, 2, n, -1, 1);
            float[] v = TestArrays.vector(rnd, 3, n, -1, 1);
            float[] wRef = w.clone(), vRef = v.clone();
            ReferenceOptimizerUpdates.sgdMomentum(n, lr, mu, wd, nesterov, wRef, 1, g, 2, vRef, 3);
            float[] wAct = w.clone(), vAct = v.clone();
            OptimizerUpdates.sgdMomentum(n, lr, mu, wd, nesterov, wAct, 1, g, 2, vAct, 3);
            for (int i = 0; i < n; i++) {
                double gMag = Math.abs(g[2 + i]) + Math.abs(wd * w[1 + i]);
                double vMag = Math.abs(mu * v[3 + i]) + gMag;
                double stepMag = nesterov ? gMag + mu * vMag : vMag;
                double wMag = Math.abs(w[1 + i]) + lr * stepMag;
                ActivationsTest.assertClose(vAct[3 + i], vRef[3 + i], Tolerance.twoFloatSums(4, vMag), "v", i);
                ActivationsTest.assertClose(wAct[1 + i], wRef[1 + i], Tolerance.twoFloatSums(8, wMag), "w", i);
            }
            TestArrays.assertOutsideUntouched(w, wAct, 1, 1, n, Math.max(1, n));
        }
    }

    /**
     * Adam in float against the double reference: m and v take 3 roundings each; the update
     * lr/c1 · m / (√v·(1/√c2) + ε) about 8 more, relative to its own size, plus the final subtraction from w.
     */
    @ParameterizedTest
    @MethodSource("sizes")
    void adamMatchesDoubleReference(int n) {
        SplittableRandom rnd = new SplittableRandom(n * 3L);
        float lr = 1e-3f, b1 = 0.9f, b2 = 0.999f, eps = 1e-8f, wd = 1e-2f;
        long step = 1 + rnd.nextInt(1000);
        float[] w = TestArrays.vector(rnd, 0, n, -1, 1);
        float[] g = TestArrays.vector(rnd, 1, n, -1, 1);
        float[] m = TestArrays.vector(rnd, 2, n, -0.1, 0.1);
        float[] v = TestArrays.vector(rnd, 3, n, 0, 0.01);
        float[] wRef = w.clone(), mRef = m.clone(), vRef = v.clone();
        ReferenceOptimizerUpdates.adam(n, lr, b1, b2, eps, wd, step, wRef, 0, g, 1, mRef, 2, vRef, 3);
        float[] wAct = w.clone(), mAct = m.clone(), vAct = v.clone();
        OptimizerUpdates.adam(n, lr, b1, b2, eps, wd, step, wAct, 0, g, 1, mAct, 2, vAct, 3);
        double c1 = 1 - Math.pow(b1, step), c2 = 1 - Math.pow(b2, step);
        for (int i = 0; i < n; i++) {
            double grad = Math.abs(g[1 + i]) + wd * Math.abs(w[i]);
            double mMag = b1 * Math.abs(m[2 + i]) + (1 - b1) * grad;
            double vMag = b2 * v[3 + i] + (1 - b2) * grad * grad;
            ActivationsTest.assertClose(mAct[2 + i], mRef[2 + i], Tolerance.floatVersusDouble(4, mMag), "m", i);
            ActivationsTest.assertClose(vAct[3 + i], vRef[3 + i], Tolerance.floatVersusDouble(4, vMag), "v", i);
            double update = lr / c1 * Math.abs(mRef[2 + i]) / (Math.sqrt(vRef[3 + i]) / Math.sqrt(c2) + eps);
            ActivationsTest.assertClose(wAct[i], wRef[i],
                    Tolerance.floatVersusDouble(12, update) + Tolerance.U * Math.abs(wRef[i]) * 2, "w", i);
        }
    }

    @Test
    void adamRejectsStepZeroAndBadBetas() {
        float[] a = new float[4];
        assertThatThrownBy(() -> OptimizerUpdates.adam(4, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, 0, a, 0, a, 0, a, 0, a, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step").hasMessageContaining("got 0");
        assertThatThrownBy(() -> OptimizerUpdates.adam(4, 1e-3f, 1f, 0.999f, 1e-8f, 0f, 1, a, 0, a, 0, a, 0, a, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beta1");
        assertThatThrownBy(() -> OptimizerUpdates.sgdMomentum(4, Float.NaN, 0.9f, 0f, false, a, 0, a, 0, a, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learningRate");
    }
}
