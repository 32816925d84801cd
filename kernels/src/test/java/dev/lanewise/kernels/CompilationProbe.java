package dev.lanewise.kernels;

import java.util.SplittableRandom;

/**
 * Child-JVM probe for {@link CompilationTest}: runs every vector kernel family often enough that the JIT
 * compiles them — {@link Warmup#run()}, then the direct GEMM in all four transpositions with ragged edges,
 * and the convolution passes at stride 1 (direct kernels) and 2 (im2col + GEMM) — and prints {@code done}.
 */
public final class CompilationProbe {
    private CompilationProbe() {
    }

    public static void main(String[] args) {
        Warmup.run();
        SplittableRandom rnd = new SplittableRandom(7);
        int m = 23, n = 2 * Vectorization.floatLanes() * 3 + 5, k = 41;
        float[] a = TestArrays.vector(rnd, 0, m * k, -1, 1), b = TestArrays.vector(rnd, 0, k * n, -1, 1);
        float[] c = new float[m * n];
        Conv1dGeometry[] convs = {new Conv1dGeometry(2, 3, 61, 5, 3, 1, 1, 1), new Conv1dGeometry(2, 3, 61, 5, 3, 2, 1, 1)};
        for (int round = 0; round < 100; round++) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                Gemm.sgemm(GemmStrategy.DIRECT, 1, ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n,
                        round % 2, c, 0, n);
            }
            for (Conv1dGeometry g : convs) {
                float[] x = new float[g.inputSize()], w = new float[g.weightSize()], y = new float[g.outputSize()];
                float[] bias = new float[g.outChannels()];
                Conv1dKernels.forward(g, x, 0, w, 0, bias, 0, y, 0);
                Conv1dKernels.backwardInput(g, y, 0, w, 0, x, 0);
                Conv1dKernels.backwardWeight(g, x, 0, y, 0, w, 0);
            }
        }
        System.out.println("done");
    }
}
