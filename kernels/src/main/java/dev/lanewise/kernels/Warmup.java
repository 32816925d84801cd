package dev.lanewise.kernels;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Gets the vector kernels compiled before real work reaches them. Until C2 has compiled a Vector API method it
 * runs as boxed fallback code, hundreds of times slower, so the first training steps of a fresh JVM are slow. The
 * work to get past that does not depend on the data, so it need not wait for it: {@link #run()} calls every vector
 * kernel family on small inputs in each of their modes (GEMM in all four transpositions and strategies, beta 0
 * and 1, several kc blocks, ragged edges; bias+activation, softmax-cross-entropy, ReLU backward, column sums, the
 * optimizer updates) until the JIT has seen every branch. It costs well under a second of one core the first time
 * and milliseconds after; results go to arrays of its own.
 *
 * <p>Start it in the background while the application loads its data — {@link #start()} — then train or serve as
 * usual. On the scalar path it returns at once. What it buys, measured: docs/measurements.md ("Training end to end").
 */
public final class Warmup {
    /** Rounds of every kernel: enough for C2 to compile the GEMM pieces before the first real step (measured). */
    static final int ROUNDS = 100;

    private Warmup() {
    }

    /** Runs the warm-up on a daemon thread named {@code lanewise-warmup}; the future completes when it is done. */
    public static CompletableFuture<Void> start() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "lanewise-warmup");
        t.setDaemon(true);
        t.start();
        return done;
    }

    /** Runs the warm-up on the calling thread (a no-op on the scalar path). */
    public static void run() {
        if (!Vectorization.isEnabled()) {
            return;
        }
        GemmBlocking current = GemmBlocking.current();
        int mr = current.mr(), nr = current.nr(), lanes = Vectorization.floatLanes();
        // A small blocking with kc 16 so every product runs several kc blocks (the beta = 1 path of the micro-kernel).
        GemmBlocking small = new GemmBlocking(mr, nr, 16, 2 * mr, 2 * nr);
        int m = 2 * mr + 1, n = 2 * nr + 3, k = 2 * lanes + 5;   // ragged: edge tiles and vector tails
        float[] a = filled(m * k, 0.5f), b = filled(k * n, 0.25f), c = new float[m * n];
        float[] bias = new float[n], grad = new float[m * n];
        int[] labels = new int[m];
        int p = 4 * lanes + 3;
        float[] w = filled(p, 0.1f), g = filled(p, 0.01f), v = new float[p], s = new float[p], out = new float[p];
        for (int r = 0; r < ROUNDS; r++) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                int lda = ta ? m : k, ldb = tb ? k : n;
                Gemm.sgemm(small, 1, ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, r % 2 == 0 ? 0f : 1f, c, 0, n);
                Gemm.sgemm(GemmStrategy.VECTOR_DOT, 1, ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
                Gemm.sgemm(GemmStrategy.VECTOR_AXPY, 1, ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 1f, c, 0, n);
                Gemm.sgemm(GemmStrategy.DIRECT, 1, ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, r % 2 == 0 ? 1f : 0f,
                        c, 0, n);
            }
            BiasActivation.forward(Activation.RELU, m, n, c, 0, n, bias, 0, c, 0, n);
            BiasActivation.forward(Activation.IDENTITY, m, n, c, 0, n, bias, 0, c, 0, n);
            SoftmaxKernels.crossEntropy(m, n, c, 0, n, labels, 0, grad, 0, n);
            Activations.reluBackward(p, g, 0, w, 0, v, 0);
            MatrixReductions.columnSums(m, n, c, 0, n, bias, 0);
            OptimizerUpdates.sgdMomentum(p, 0f, 0.5f, 0f, false, w, 0, g, 0, v, 0, out, 0);
            OptimizerUpdates.sgd(p, 0f, 0f, w, 0, g, 0, out, 0);
            OptimizerUpdates.adam(p, 0f, 0.9f, 0.999f, 1e-8f, 0f, r + 1, w, 0, g, 0, s, 0, v, 0, out, 0);
        }
    }

    private static float[] filled(int n, float value) {
        float[] x = new float[n];
        Arrays.fill(x, value);
        return x;
    }
}
