package dev.lanewise.kernels;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The warm-up runs every kernel family and leaves no trace: results afterwards are the results before. */
class WarmupTest {

    @Test
    void warmUpCompletesAndChangesNoResult() throws Exception {
        int m = 37, n = 61, k = 129;
        SplittableRandom rnd = new SplittableRandom(3);
        float[] a = TestArrays.matrix(rnd, 0, m, k, k, 0), b = TestArrays.matrix(rnd, 0, k, n, n, 0);
        float[] before = new float[m * n], after = new float[m * n];
        Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, before, 0, n);
        Warmup.start().get(120, TimeUnit.SECONDS);
        Warmup.run();
        Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, after, 0, n);
        TestArrays.assertBitEqual(after, before, "GEMM after the warm-up");
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("lanewise-warmup") && t.isAlive()
                && !t.isDaemon());
    }
}
