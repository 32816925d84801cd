package dev.lanewise.layers;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Sequential#predict}: the numbers of {@link Sequential#apply} bit for bit on every architecture, rows in and
 * rows out, clear errors, no allocation per call at batch 1 once warm (which also rules out forking: a fork
 * allocates its tasks), and the serial bits under pools, parallel streams and virtual threads. (A row's output
 * may differ in the last bits between batch sizes — the GEMM sums a lone row in another order — as in PyTorch;
 * for one batch size the bits are fixed, whoever calls.)
 */
class PredictTest {
    private static final Sequential MLP = Sequential.of(Linear.create(784, 300, Init.heNormal(), 1), new ReLU(),
            Linear.create(300, 10, Init.heNormal(), 2));
    private static final Sequential CONV = Sequential.of(Conv1d.create(2, 4, 3, 1, Init.heNormal(), 3),
            new BatchNorm(4), new Tanh(), new Dropout(0.3f), new Flatten(), Linear.create(4 * 9, 5, Init.heNormal(), 4),
            new Sigmoid(), new Softmax());

    private static float[] random(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return x;
    }

    @Test
    void predictGivesApplysBitsForEveryBatchAndArchitecture() {
        for (int batch : new int[]{1, 2, 3, 7, 64, 65}) {
            float[] x = random(batch * 784, batch);
            float[] out = new float[batch * 10];
            MLP.predict(x, batch, out);
            assertThat(out).as("MLP batch %d", batch).isEqualTo(MLP.apply(Tensor.of(x, batch, 784)).toArray());
            float[] xc = random(batch * 18, batch + 100);
            float[] outc = new float[batch * 5];
            CONV.predict(xc, batch, outc);
            assertThat(outc).as("conv batch %d", batch).isEqualTo(CONV.apply(Tensor.of(xc, batch, 2, 9)).toArray());
        }
        float[] x64 = random(64 * 784, 64), serial = new float[640], parallel = new float[640];
        MLP.predict(x64, 64, serial, 1);
        for (int threads : new int[]{2, 3}) {
            MLP.predict(x64, 64, parallel, threads);
            assertThat(parallel).as("%d threads", threads).isEqualTo(serial);
        }
        assertThatThrownBy(() -> MLP.predict(x64, 64, parallel, 0)).hasMessageContaining("threads: expected >= 1");
        float[] one = random(784, 5);
        assertThat(MLP.predict(one)).isEqualTo(MLP.apply(Tensor.of(one, 1, 784)).toArray());
        float[] sample = random(18, 6);
        assertThat(CONV.predict(sample)).as("[2, 9] read from 18 floats and Conv1d's 2 channels")
                .isEqualTo(CONV.apply(Tensor.of(sample, 1, 2, 9)).toArray());
    }

    @Test
    void aConvolutionTakesAnyLengthAndTheCachedPlanFollows() {
        Sequential conv = Sequential.of(Conv1d.create(2, 3, 3, 1, Init.heNormal(), 3), new ReLU());
        for (int length : new int[]{5, 9, 5, 1}) {
            float[] x = random(2 * length, length);
            assertThat(conv.predict(x)).as("length %d", length)
                    .isEqualTo(conv.apply(Tensor.of(x, 1, 2, length)).toArray());
        }
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> MLP.predict(null)).hasMessageContaining("sample");
        assertThatThrownBy(() -> MLP.predict(new float[783])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer 0").hasMessageContaining("[batch, 784]").hasMessageContaining("[1, 783]");
        assertThatThrownBy(() -> MLP.predict(new float[784], -1, new float[10])).hasMessageContaining("batch: expected >= 0");
        assertThatThrownBy(() -> MLP.predict(new float[784 * 2 + 1], 2, new float[20]))
                .hasMessageContaining("samples: expected 2 rows of equal length, got 1569 floats");
        assertThatThrownBy(() -> MLP.predict(new float[784 * 2], 2, new float[19]))
                .hasMessageContaining("out: expected 2 rows of 10 = 20 floats, got 19");
        assertThatThrownBy(() -> CONV.predict(new float[17])).hasMessageContaining("sample: expected 2 channels");
        assertThatThrownBy(() -> MLP.predict(new float[1], 0, new float[0])).hasMessageContaining("batch: 0 samples");
        MLP.predict(new float[0], 0, new float[0]);   // an empty batch is no work, and no error
    }

    @Test
    void aWarmBatchOfOneAllocatesNothingPerCall() {
        assertAllocationPerCall(MLP, 784, 10);
        assertAllocationPerCall(CONV, 18, 5);
    }

    /**
     * Calls until the JIT has compiled the whole path (C2 inlines the vector code and escape analysis removes what
     * it can — until then interpreted and C1 code boxes every vector), then per-call allocation must be at most
     * 64 bytes. Rounds of 10,000 calls, each measured over its last 2,000; fails if 40 rounds never get there.
     */
    private static void assertAllocationPerCall(Sequential model, int in, int outSize) {
        float[] x = random(in, 1), out = new float[outSize];
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        List<Long> rounds = new ArrayList<>();
        for (int round = 0; round < 40; round++) {
            for (int i = 0; i < 8_000; i++) {
                model.predict(x, 1, out);
            }
            int calls = 2_000;
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < calls; i++) {
                model.predict(x, 1, out);
            }
            rounds.add((threads.getThreadAllocatedBytes(id) - before) / calls);
            if (rounds.getLast() <= 64) {
                break;
            }
        }
        assertThat(rounds.getLast()).as("bytes allocated per predict call of %s, per round %s", model, rounds)
                .isLessThanOrEqualTo(64);
    }

    @Test
    void poolsParallelStreamsAndVirtualThreadsGetTheSerialBits() throws Exception {
        int samples = 64;
        float[] x = random(samples * 784, 11);
        float[][] serial = new float[samples][];
        for (int s = 0; s < samples; s++) {
            serial[s] = MLP.predict(Arrays.copyOfRange(x, s * 784, (s + 1) * 784));
        }
        Runnable check = () -> {
            int s = java.util.concurrent.ThreadLocalRandom.current().nextInt(samples);
            float[] out = new float[10];
            MLP.predict(Arrays.copyOfRange(x, s * 784, (s + 1) * 784), 1, out);
            assertThat(out).as("sample %d", s).isEqualTo(serial[s]);
        };
        try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(virtual.submit(() -> {
                    for (int k = 0; k < 500; k++) {
                        check.run();
                    }
                }));
            }
            for (Future<?> call : calls) {
                call.get(5, TimeUnit.MINUTES);
            }
        }
        ForkJoinPool pool = new ForkJoinPool(3);
        try {
            pool.submit(() -> IntStream.range(0, 2000).parallel().forEach(i -> check.run())).get(5, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
    }
}
