package dev.lanewise.kernels;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Child-JVM probe for {@link CallerThreadingTest}: a multi-threaded GEMM and a convolution called from a plain
 * thread, in whatever common pool the JVM was started with; prints {@code same=true} when each equals its
 * one-thread result.
 */
public final class CommonPoolProbe {
    private CommonPoolProbe() {
    }

    public static void main(String[] args) {
        int m = 256, n = 300, k = 784;
        SplittableRandom rnd = new SplittableRandom(3);
        float[] a = TestArrays.matrix(rnd, 0, m, k, k, 0), b = TestArrays.matrix(rnd, 0, k, n, n, 0);
        boolean same = true;
        for (GemmStrategy strategy : new GemmStrategy[]{GemmStrategy.PACKED, GemmStrategy.DIRECT}) {
            float[] serial = new float[m * n], parallel = new float[m * n];
            Gemm.sgemm(strategy, 1, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, serial, 0, n);
            Gemm.sgemm(strategy, 3, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, parallel, 0, n);
            same &= Arrays.equals(serial, parallel);
        }
        float[] serial = new float[m * n], parallel = new float[m * n];
        Gemm.sgemm(GemmStrategy.AUTO, 1, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, serial, 0, n);
        Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, parallel, 0, n);   // default threads too
        same &= Arrays.equals(serial, parallel);
        Conv1dGeometry g = new Conv1dGeometry(2, 64, 512, 64, 5, 1, 2, 1);
        float[] x = TestArrays.vector(rnd, 0, g.inputSize(), -1, 1), w = TestArrays.vector(rnd, 0, g.weightSize(), -1, 1);
        float[] bias = new float[g.outChannels()], y1 = new float[g.outputSize()], y2 = new float[g.outputSize()];
        Conv1dKernels.forward(g, x, 0, w, 0, bias, 0, y1, 0);
        Conv1dKernels.forward(g, x, 0, w, 0, bias, 0, y2, 0);
        System.out.println("same=" + (same && Arrays.equals(y1, y2)));
    }
}
