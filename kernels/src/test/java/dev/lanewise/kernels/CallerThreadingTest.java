package dev.lanewise.kernels;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;


/**
 * Kernels give the serial call's bits under any caller: parallel streams in an application's ForkJoin pool,
 * streams nested in streams, virtual threads, a pool whose only free worker is the caller. Each problem is a
 * multi-threaded GEMM (above the parallel threshold) or a convolution whose GEMMs are, mixed with small ones
 * that take other code paths, so a work buffer shared by two calls at once would show as wrong elements.
 */
class CallerThreadingTest {
    private static final int CALLS = 1200;

    /** A GEMM or convolution with fixed inputs, computing into a fresh output on every run, and its serial result. */
    private record Problem(String name, Supplier<float[]> compute, float[] serial) {
        float[] run() {
            return compute.get();
        }
    }

    private static final List<ProblemFactory> FACTORIES = List.of(
            rnd -> gemm(rnd, GemmStrategy.PACKED, 3, false, false, 256, 300, 784),
            rnd -> gemm(rnd, GemmStrategy.AUTO, 2, false, true, 256, 300, 784),
            rnd -> gemm(rnd, GemmStrategy.PACKED, 2, true, false, 211, 257, 190),
            rnd -> gemm(rnd, GemmStrategy.AUTO, 2, false, false, 64, 300, 784),     // the direct form, columns split
            rnd -> gemm(rnd, GemmStrategy.DIRECT, 3, true, false, 3001, 40, 97),    // rows split
            rnd -> gemm(rnd, GemmStrategy.AUTO, 2, false, false, 64, 10, 300),      // the dot form
            rnd -> gemm(rnd, GemmStrategy.VECTOR_DOT, 2, false, true, 64, 300, 784), // the dot form, columns split
            rnd -> gemm(rnd, GemmStrategy.VECTOR_AXPY, 2, false, true, 33, 70, 41),
            CallerThreadingTest::convolution,
            CallerThreadingTest::momentumUpdate);

    private interface ProblemFactory {
        Problem make(SplittableRandom rnd);
    }

    private static Problem gemm(SplittableRandom rnd, GemmStrategy strategy, int threads, boolean transA,
                                boolean transB, int m, int n, int k) {
        float[] a = TestArrays.matrix(rnd, 0, transA ? k : m, transA ? m : k, transA ? m : k, 0);
        float[] b = TestArrays.matrix(rnd, 0, transB ? n : k, transB ? k : n, transB ? k : n, 0);
        float[] c0 = TestArrays.matrix(rnd, 0, m, n, n, 0);
        Supplier<float[]> compute = () -> {
            float[] c = c0.clone();
            Gemm.sgemm(strategy, threads, transA, transB, m, n, k, 0.5f, a, 0, transA ? m : k, b, 0, transB ? k : n,
                    0.25f, c, 0, n);
            return c;
        };
        // The serial truth: one thread (bit-identical to any thread count, proved by PackedGemmTest).
        float[] serial = c0.clone();
        Gemm.sgemm(strategy, 1, transA, transB, m, n, k, 0.5f, a, 0, transA ? m : k, b, 0, transB ? k : n,
                0.25f, serial, 0, n);
        return new Problem(strategy + " " + m + "x" + n + "x" + k + " threads " + threads, compute, serial);
    }

    /**
     * A stride-1 convolution above the parallel threshold (direct kernels: samples split across threads for y and
     * dx, output-channel blocks for dW), with its own work buffers; the truth is the one-thread result.
     */
    private static Problem convolution(SplittableRandom rnd) {
        Conv1dGeometry g = new Conv1dGeometry(3, 64, 512, 64, 5, 1, 2, 1);
        float[] x = TestArrays.vector(rnd, 0, g.inputSize(), -1, 1);
        float[] w = TestArrays.vector(rnd, 0, g.weightSize(), -0.1, 0.1);
        float[] bias = TestArrays.vector(rnd, 0, g.outChannels(), -1, 1);
        float[] dy = TestArrays.vector(rnd, 0, g.outputSize(), -1, 1);
        java.util.function.IntFunction<float[]> passes = threads -> {
            float[] out = new float[g.outputSize() + g.inputSize() + g.weightSize()];
            float[] y = new float[g.outputSize()], dx = new float[g.inputSize()], dw = new float[g.weightSize()];
            Conv1dKernels.forward(threads, g, x, 0, w, 0, bias, 0, y, 0);
            Conv1dKernels.backwardInput(threads, g, dy, 0, w, 0, dx, 0);
            Conv1dKernels.backwardWeight(threads, g, x, 0, dy, 0, dw, 0);
            System.arraycopy(y, 0, out, 0, y.length);
            System.arraycopy(dx, 0, out, y.length, dx.length);
            System.arraycopy(dw, 0, out, y.length + dx.length, dw.length);
            return out;
        };
        return new Problem("conv1d " + g, () -> passes.apply(KernelThreads.defaultCount()), passes.apply(1));
    }

    /** An SGD-momentum update large enough to split across threads (ranges from 64K floats); new w and v out. */
    private static Problem momentumUpdate(SplittableRandom rnd) {
        int n = 200_003;
        float[] w = TestArrays.vector(rnd, 0, n, -1, 1), g = TestArrays.vector(rnd, 0, n, -1, 1);
        float[] v0 = TestArrays.vector(rnd, 0, n, -1, 1);
        java.util.function.IntFunction<float[]> update = threads -> {
            float[] v = v0.clone(), out = new float[2 * n];
            OptimizerUpdates.sgdMomentum(threads, n, 0.05f, 0.9f, 1e-3f, false, w, 0, g, 0, v, 0, out, 0);
            System.arraycopy(v, 0, out, n, n);
            return out;
        };
        return new Problem("sgdMomentum n " + n, () -> update.apply(3), update.apply(1));
    }

    private static List<Problem> problems(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Problem> problems = new ArrayList<>();
        for (ProblemFactory f : FACTORIES) {
            problems.add(f.make(rnd));
        }
        return problems;
    }

    /** Call number {@code call} runs problem {@code call mod count}: every problem runs concurrently with all others. */
    private static void assertSerial(int call, List<Problem> problems) {
        Problem p = problems.get(call % problems.size());
        TestArrays.assertBitEqual(p.run(), p.serial(), "call " + call + ": " + p.name());
    }

    @Test
    void parallelStreamInAnApplicationPoolGivesTheSerialBits() throws Exception {
        List<Problem> problems = problems(100);
        ForkJoinPool pool = new ForkJoinPool(3);
        try {
            pool.submit(() -> IntStream.range(0, CALLS).parallel().forEach(i -> assertSerial(i, problems)))
                    .get(5, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void nestedParallelStreamsGiveTheSerialBits() {
        List<Problem> problems = problems(100);
        IntStream.range(0, 8).parallel().forEach(outer ->
                IntStream.range(0, CALLS / 8).parallel().forEach(inner -> assertSerial(outer * (CALLS / 8) + inner,
                        problems)));
    }

    @Test
    void virtualThreadsGiveTheSerialBits() throws Exception {
        List<Problem> problems = problems(100);
        try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                int call = i;
                done.add(virtual.submit(() -> assertSerial(call, problems)));
            }
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        }
    }

    /**
     * The caller is a worker of a two-worker pool whose other worker is busy until the call returns: the parts it
     * hands out can run nowhere else, so the call must compute them itself instead of waiting for them.
     */
    @Test
    void aPoolWithNoFreeWorkerDoesNotHang() throws Exception {
        List<Problem> problems = problems(7);
        ForkJoinPool pool = new ForkJoinPool(2);
        AtomicBoolean released = new AtomicBoolean();
        try {
            pool.execute(() -> {
                while (!released.get()) {
                    Thread.onSpinWait();
                }
            });
            Future<?> call = pool.submit(() -> {
                try {
                    for (Problem p : problems) {
                        TestArrays.assertBitEqual(p.run(), p.serial(), p.name());
                    }
                } finally {
                    released.set(true);
                }
            });
            call.get(2, TimeUnit.MINUTES);
        } finally {
            released.set(true);
            pool.shutdownNow();
        }
    }

    /** A common pool of parallelism 0 runs no task: a parallel call from a plain thread must still finish, right. */
    @Test
    void aCommonPoolWithoutWorkersDoesNotHang() throws Exception {
        ChildJvm.Run run = ChildJvm.run(ChildJvm.withSpeciesOfThisRun(List.of("--add-modules", "jdk.incubator.vector",
                "-Djava.util.concurrent.ForkJoinPool.common.parallelism=0")), CommonPoolProbe.class, 120);
        assertThat(run.finished()).as("child JVM finished (a hang would not)").isTrue();
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("same=true");
    }
}
