package dev.lanewise.kernels;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Child-JVM program for {@link ModeIndependenceTest}: runs every kernel family with a vector path on fixed
 * inputs and prints a SHA-256 of all output bits, for the first call (interpreted) and after {@code args[0]}
 * repetitions (C2-compiled).
 */
public final class ModeIndependenceProbe {
    private ModeIndependenceProbe() {
    }

    public static void main(String[] args) throws Exception {
        int repetitions = Integer.parseInt(args[0]);
        // "conv" alone: what C2 makes of a kernel depends on what else it compiled (a lane reduction in the
        // convolution's weight gradient changed order only when nothing else ran), so it is also probed alone.
        boolean convOnly = args.length > 1 && args[1].equals("conv");
        String first = convOnly ? convDigest() : digest();
        String last = first;
        for (int r = 0; r < repetitions; r++) {
            last = convOnly ? convDigest() : digest();
        }
        System.out.println("vectorized=" + Vectorization.isEnabled() + " first=" + first + " last=" + last);
    }

    static String digest() throws Exception {
        SplittableRandom rnd = new SplittableRandom(11);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        int m = 7, n = 37, k = 41;
        float[] a = random(rnd, m * k, 2), b = random(rnd, k * n, 2), c = new float[m * n];
        for (GemmStrategy s : GemmStrategy.values()) {
            Gemm.sgemm(s, 1, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
            add(sha, c);
            Gemm.sgemm(s, 1, false, true, m, 3, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, 3);
            add(sha, c);
        }
        float[] x = random(rnd, 300, 40), y = new float[300];
        Activations.sigmoid(300, x, 0, y, 0);
        add(sha, y);
        Activations.tanh(300, x, 0, y, 0);
        add(sha, y);
        SoftmaxKernels.softmax(10, 30, x, 0, 30, y, 0, 30);
        add(sha, y);
        float[] lse = new float[10];
        SoftmaxKernels.logSumExp(10, 30, x, 0, 30, lse, 0);
        add(sha, lse);
        int[] labels = {1, 2, 3, 4, 5, 6, 7, 8, 9, 0};
        double loss = SoftmaxKernels.crossEntropy(10, 30, x, 0, 30, labels, 0, y, 0, 30);
        add(sha, y);
        add(sha, new float[]{(float) loss, (float) Blas1.sum(300, x, 0), (float) Blas1.squaredNorm(300, x, 0)});
        // Ten classes: rows narrower than a vector run transposed (a vector of rows per class).
        int[] labels30 = new int[30];
        for (int i = 0; i < 30; i++) {
            labels30[i] = (7 * i) % 10;
        }
        double narrowLoss = SoftmaxKernels.crossEntropy(30, 10, x, 0, 10, labels30, 0, y, 0, 10);
        add(sha, y);
        add(sha, new float[]{(float) narrowLoss});
        float[] sums = new float[30];
        MatrixReductions.columnSums(10, 30, x, 0, 30, sums, 0);
        add(sha, sums);
        float[] w = random(rnd, 300, 1), g = random(rnd, 300, 1), m1 = new float[300], v1 = new float[300];
        OptimizerUpdates.adam(300, 0.01f, 0.9f, 0.999f, 1e-8f, 0.01f, 3, w, 0, g, 0, m1, 0, v1, 0);
        add(sha, w);
        addConv(sha, rnd);
        return HexFormat.of().formatHex(sha.digest());
    }

    static String convDigest() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        addConv(sha, new SplittableRandom(13));
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void addConv(MessageDigest sha, SplittableRandom rnd) {
        // Conv1d: stride 1 runs the direct kernels (dW reduces lane partials), stride 2 im2col + GEMM.
        for (Conv1dGeometry cg : new Conv1dGeometry[]{new Conv1dGeometry(2, 5, 381, 6, 5, 1, 2, 1),
                new Conv1dGeometry(2, 5, 75, 6, 5, 2, 2, 1)}) {
            float[] cx = random(rnd, cg.inputSize(), 1), cw = random(rnd, cg.weightSize(), 1);
            float[] cb = random(rnd, cg.outChannels(), 1), cdy = random(rnd, cg.outputSize(), 1);
            float[] cy = new float[cg.outputSize()], cdx = new float[cg.inputSize()], cdw = new float[cg.weightSize()];
            Conv1dKernels.forward(1, cg, cx, 0, cw, 0, cb, 0, cy, 0);
            Conv1dKernels.backwardInput(1, cg, cdy, 0, cw, 0, cdx, 0);
            Conv1dKernels.backwardWeight(1, cg, cx, 0, cdy, 0, cdw, 0);
            add(sha, cy);
            add(sha, cdx);
            add(sha, cdw);
        }
    }

    private static float[] random(SplittableRandom rnd, int size, double scale) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
        }
        return v;
    }

    private static void add(MessageDigest sha, float[] v) {
        ByteBuffer buf = ByteBuffer.allocate(4 * v.length);
        for (float f : v) {
            buf.putInt(Float.floatToRawIntBits(f));
        }
        sha.update(buf.array());
    }
}
