package dev.lanewise.kernels;

import dev.lanewise.kernels.reference.ReferenceActivations;
import dev.lanewise.kernels.reference.ReferenceConv1d;
import dev.lanewise.kernels.reference.ReferenceGemm;
import dev.lanewise.kernels.reference.ReferenceNormalization;
import dev.lanewise.kernels.reference.ReferenceSoftmax;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Run in a child JVM by {@link ScalarFallbackTest}: calls every kernel family through its facade and compares
 * with the reference. Must not name a Vector API type (the child may lack the module).
 */
public final class ScalarFallbackProbe {
    private ScalarFallbackProbe() {
    }

    public static void main(String[] args) {
        SplittableRandom rnd = new SplittableRandom(7);
        int m = 13, n = 21, k = 17;
        float[] a = random(rnd, m * k), b = random(rnd, k * n), c = new float[m * n], cRef = new float[m * n];
        for (GemmStrategy strategy : GemmStrategy.values()) {
            Gemm.sgemm(strategy, 2, false, true, m, n, k, 1.5f, a, 0, k, b, 0, k, 0f, c, 0, n);
            ReferenceGemm.sgemm(false, true, m, n, k, 1.5f, a, 0, k, b, 0, k, 0f, cRef, 0, n);
            require(same(c, cRef), "gemm " + strategy);
        }
        float[] y = new float[m * k], yRef = new float[m * k];
        Activations.tanh(m * k, a, 0, y, 0);
        ReferenceActivations.tanh(m * k, a, 0, yRef, 0);
        require(same(y, yRef), "tanh");
        int[] labels = new int[m];
        float[] grad = new float[m * n], gradRef = new float[m * n];
        double loss = SoftmaxKernels.crossEntropy(m, n, c, 0, n, labels, 0, grad, 0, n);
        double lossRef = ReferenceSoftmax.crossEntropy(m, n, c, 0, n, labels, 0, gradRef, 0, n);
        require(same(new float[]{(float) loss}, new float[]{(float) lossRef}) && same(grad, gradRef) && loss > 0,
                "softmax cross-entropy");
        Conv1dGeometry g = new Conv1dGeometry(2, 3, 19, 4, 3, 2, 1, 1);
        float[] x = random(rnd, g.inputSize()), w = random(rnd, g.weightSize()), bias = random(rnd, 4);
        float[] out = new float[g.outputSize()], outRef = new float[g.outputSize()];
        Conv1dKernels.forward(g, x, 0, w, 0, bias, 0, out, 0);
        ReferenceConv1d.forward(g, x, 0, w, 0, bias, 0, outRef, 0);
        require(same(out, outRef), "conv1d");
        float[] norm = new float[m * k], normRef = new float[m * k], ones = new float[k], zeros = new float[k];
        Arrays.fill(ones, 1f);
        Normalization.batchNormInference(m, k, 1, 1e-5f, a, 0, ones, 0, zeros, 0, zeros, 0, ones, 0, norm, 0);
        ReferenceNormalization.inference(m, k, 1, 1e-5f, a, 0, ones, 0, zeros, 0, zeros, 0, ones, 0, normRef, 0);
        require(same(norm, normRef), "batch norm");
        Warmup.run();   // a no-op on the scalar path, and must not need the Vector API there
        System.out.println("provider=" + dev.lanewise.kernels.ops.KernelProvider.active().name());
        System.out.println("vectorized=" + Vectorization.isEnabled() + " bits=" + Vectorization.vectorBits());
        System.out.println("all kernel families matched the reference");
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return a;
    }

    /**
     * On the scalar path the facades run the references themselves, so results must be bit-identical; with
     * vectors on (the control run) a loose 1e-4 relative check only confirms the probe itself works.
     */
    private static boolean same(float[] actual, float[] expected) {
        if (!Vectorization.isEnabled()) {
            return Arrays.equals(actual, expected);
        }
        for (int i = 0; i < actual.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= 1e-4f * (1 + Math.abs(expected[i])))) {
                return false;
            }
        }
        return true;
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what + " differs from the reference");
        }
    }
}
