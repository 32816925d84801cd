package dev.lanewise.kernels;

import dev.lanewise.kernels.reference.ReferenceOptimizerUpdates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
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
     * Plain SGD: g' = g + wd·w (2 ops), w − lr·g' (2 ops); vector (fused) and reference round differently, each within
     * γ_k of the exact value; written to a separate out and in place into g (the training step's use), same values.
     */
    @ParameterizedTest
    @MethodSource("sizes")
    void plainSgdMatchesReference(int n) {
        SplittableRandom rnd = new SplittableRandom(n * 5L);
        float lr = 0.05f, wd = 1e-3f;
        float[] w = TestArrays.vector(rnd, 1, n, -1, 1);
        float[] g = TestArrays.vector(rnd, 2, n, -1, 1);
        float[] expected = new float[n + 4], actual = new float[n + 4];
        ReferenceOptimizerUpdates.sgd(n, lr, wd, w, 1, g, 2, expected, 3);
        OptimizerUpdates.sgd(n, lr, wd, w, 1, g, 2, actual, 3);
        float[] intoG = g.clone();
        OptimizerUpdates.sgd(n, lr, wd, w, 1, intoG, 2, intoG, 2);
        for (int i = 0; i < n; i++) {
            double wMag = Math.abs(w[1 + i]) + lr * (Math.abs(g[2 + i]) + Math.abs(wd * w[1 + i]));
            ActivationsTest.assertClose(actual[3 + i], expected[3 + i], Tolerance.twoFloatSums(4, wMag), "w", i);
            assertThat(intoG[2 + i]).isEqualTo(actual[3 + i]);
        }
        assertThat(actual[0]).isZero();
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

    /** Writing the new parameters elsewhere — a separate buffer, or the gradient's — gives the in-place bits. */
    @ParameterizedTest
    @MethodSource("sizes")
    void outOfPlaceUpdatesEqualInPlaceOnesBitForBit(int n) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(n + 31L);
        float[] w = new float[n + 3], g = new float[n + 3], v = new float[n + 3], m = new float[n + 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rnd.nextGaussian();
            g[i] = (float) rnd.nextGaussian();
            v[i] = (float) Math.abs(rnd.nextGaussian());
            m[i] = (float) rnd.nextGaussian();
        }
        for (boolean nesterov : new boolean[]{false, true}) {
            float[] wIn = w.clone(), vIn = v.clone();
            OptimizerUpdates.sgdMomentum(n, 0.1f, 0.9f, 0.01f, nesterov, wIn, 1, g, 2, vIn, 3);
            float[] out = new float[n + 5], vOut = v.clone(), wKeep = w.clone();
            OptimizerUpdates.sgdMomentum(n, 0.1f, 0.9f, 0.01f, nesterov, wKeep, 1, g, 2, vOut, 3, out, 4);
            assertThat(java.util.Arrays.copyOfRange(out, 4, 4 + n)).isEqualTo(java.util.Arrays.copyOfRange(wIn, 1, 1 + n));
            assertThat(vOut).isEqualTo(vIn);
            assertThat(wKeep).isEqualTo(w);
            float[] gConsumed = g.clone(), vG = v.clone();
            OptimizerUpdates.sgdMomentum(n, 0.1f, 0.9f, 0.01f, nesterov, w.clone(), 1, gConsumed, 2, vG, 3, gConsumed, 2);
            assertThat(java.util.Arrays.copyOfRange(gConsumed, 2, 2 + n)).isEqualTo(java.util.Arrays.copyOfRange(wIn, 1, 1 + n));
        }
        float[] wIn = w.clone(), mIn = m.clone(), vIn = v.clone();
        OptimizerUpdates.adam(n, 0.01f, 0.9f, 0.999f, 1e-8f, 0.01f, 3, wIn, 1, g, 2, mIn, 0, vIn, 3);
        float[] gConsumed = g.clone(), mG = m.clone(), vG = v.clone();
        OptimizerUpdates.adam(n, 0.01f, 0.9f, 0.999f, 1e-8f, 0.01f, 3, w.clone(), 1, gConsumed, 2, mG, 0, vG, 3, gConsumed, 2);
        assertThat(java.util.Arrays.copyOfRange(gConsumed, 2, 2 + n)).isEqualTo(java.util.Arrays.copyOfRange(wIn, 1, 1 + n));
        assertThat(mG).isEqualTo(mIn);
        assertThat(vG).isEqualTo(vIn);
    }

    @Test
    void outOfPlaceUpdatesRejectPartialOverlap() {
        float[] w = new float[40], g = new float[40], v = new float[40];
        assertThatThrownBy(() ->
                        OptimizerUpdates.sgdMomentum(20, 0.1f, 0.9f, 0f, false, w, 0, g, 0, v, 0, w, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out").hasMessageContaining("offset 3");
        assertThatThrownBy(() ->
                        OptimizerUpdates.sgdMomentum(20, 0.1f, 0.9f, 0f, false, w, 0, g, 0, v, 0, v, 0))
                .hasMessageContaining("out");
        assertThatThrownBy(() ->
                        OptimizerUpdates.sgdMomentum(20, 0.1f, 0.9f, 0f, false, w, 0, g, 0, v, 0, new float[10], 0))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("out");
    }

    /**
     * Above the parallel size (2 × 32K floats) the updates split into ranges for the threads: one, two and three
     * threads give the bits of the one-thread call, for ragged sizes and odd offsets, w, v, m and out alike.
     */
    @Test
    void threadedUpdatesGiveTheOneThreadBits() {
        for (int n : new int[]{(1 << 16) + 37, 3 * (1 << 15) + 5, 250_003}) {
            SplittableRandom rnd = new SplittableRandom(n);
            float[] w = TestArrays.vector(rnd, 1, n, -1, 1), g = TestArrays.vector(rnd, 2, n, -1, 1);
            float[] v0 = TestArrays.vector(rnd, 3, n, 0, 1), m0 = TestArrays.vector(rnd, 0, n, -1, 1);
            float[][] first = null;
            for (int threads = 1; threads <= 3; threads++) {
                float[] outSgd = new float[n + 4], outMom = new float[n + 4], outNes = new float[n + 4],
                        outAdam = new float[n + 4];
                float[] vMom = v0.clone(), vNes = v0.clone(), vAdam = v0.clone(), mAdam = m0.clone();
                OptimizerUpdates.sgd(threads, n, 0.05f, 1e-3f, w, 1, g, 2, outSgd, 4);
                OptimizerUpdates.sgdMomentum(threads, n, 0.05f, 0.9f, 1e-3f, false, w, 1, g, 2, vMom, 3, outMom, 4);
                OptimizerUpdates.sgdMomentum(threads, n, 0.05f, 0.9f, 1e-3f, true, w, 1, g, 2, vNes, 3, outNes, 4);
                OptimizerUpdates.adam(threads, n, 1e-3f, 0.9f, 0.999f, 1e-8f, 1e-3f, 7, w, 1, g, 2, mAdam, 0, vAdam,
                        3, outAdam, 4);
                float[][] results = {outSgd, outMom, vMom, outNes, vNes, outAdam, mAdam, vAdam};
                if (first == null) {
                    first = results;
                } else {
                    for (int r = 0; r < results.length; r++) {
                        TestArrays.assertBitEqual(results[r], first[r], "result " + r + ", " + threads
                                + " threads vs 1, n = " + n);
                    }
                }
            }
        }
    }

    @Test
    void threadedUpdatesRejectAThreadCountBelowOne() {
        float[] a = new float[8], b = new float[8], c = new float[8];
        assertThatThrownBy(() -> OptimizerUpdates.sgd(0, 8, 0.1f, 0f, a, 0, b, 0, c, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads").hasMessageContaining("0");
    }
}
