package dev.lanewise.layers;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shared model gives the serial bits to any caller: parallel streams in an application pool (the model itself
 * using two threads inside, the nesting the kernels must survive) and virtual threads.
 */
class ConcurrentCallersTest {
    private static final Sequential MODEL = Sequential.of(Linear.create(784, 300, Init.heNormal(), 1), new ReLU(),
            Linear.create(300, 10, Init.heNormal(), 2));
    private static final List<Tensor> INPUTS = new ArrayList<>();
    private static final List<Tensor> SERIAL = new ArrayList<>();

    static {
        SplittableRandom rnd = new SplittableRandom(9);
        for (int i = 0; i < 3; i++) {
            float[] x = new float[256 * 784];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) rnd.nextDouble();
            }
            Tensor input = Tensor.of(x, 256, 784);
            INPUTS.add(input);
            SERIAL.add(MODEL.apply(input, 1));
        }
    }

    private static void assertSerial(int call) {
        int i = call % INPUTS.size();
        assertThat(MODEL.apply(INPUTS.get(i), 2)).as("call %d", call).isEqualTo(SERIAL.get(i));
    }

    @Test
    void parallelStreamsInAnApplicationPoolGetTheSerialBits() throws Exception {
        ForkJoinPool pool = new ForkJoinPool(3);
        try {
            pool.submit(() -> IntStream.range(0, 300).parallel().forEach(ConcurrentCallersTest::assertSerial))
                    .get(5, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void virtualThreadsGetTheSerialBits() throws Exception {
        try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                int call = i;
                calls.add(virtual.submit(() -> assertSerial(call)));
            }
            for (Future<?> f : calls) {
                f.get(5, TimeUnit.MINUTES);
            }
        }
    }
}
