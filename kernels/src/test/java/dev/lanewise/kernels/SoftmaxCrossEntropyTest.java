package dev.lanewise.kernels;

import dev.lanewise.kernels.reference.ReferenceSoftmax;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SoftmaxCrossEntropyTest {

    static IntStream classCounts() {
        return IntStream.of(Shapes.sizes()).filter(n -> n > 0);
    }

    @ParameterizedTest
    @MethodSource("classCounts")
    void lossAndGradientMatchReferenceOnRaggedShapes(int n) {
        for (int m : new int[]{1, 3, 17, 50}) {
            SplittableRandom rnd = new SplittableRandom(41L * n + m);
            int offX = rnd.nextInt(4), ldx = n + rnd.nextInt(3);
            int offG = rnd.nextInt(4), ldg = n + rnd.nextInt(3);
            float[] logits = TestArrays.matrix(rnd, offX, m, n, ldx, 1);
            for (int i = 0; i < logits.length; i++) {
                logits[i] *= 10f;
            }
            int[] labels = new int[m + 2];
            for (int i = 0; i < m; i++) {
                labels[2 + i] = rnd.nextInt(n);
            }
            float[] grad = TestArrays.matrix(rnd, offG, m, n, ldg, 1);
            float[] expected = grad.clone();
            float[] actual = grad.clone();
            double refLoss = ReferenceSoftmax.crossEntropy(m, n, logits, offX, ldx, labels, 2, expected, offG, ldg);
            double loss = SoftmaxKernels.crossEntropy(m, n, logits, offX, ldx, labels, 2, actual, offG, ldg);

            double lossBound = 0;
            for (int i = 0; i < m; i++) {
                int xi = offX + i * ldx;
                double range = SoftmaxTest.finiteRange(logits, xi, n);
                double rel = SoftmaxTest.probabilityRelativeBound(n, range);
                // row loss = (max − x_label) + log(sum): one rounding of the difference, the sum's relative error.
                lossBound += (Tolerance.U * range + rel + Tolerance.U * Math.log(n)) / m;
                for (int j = 0; j < n; j++) {
                    int idx = offG + i * ldg + j;
                    double p = expected[idx] * (double) m + (j == labels[2 + i] ? 1 : 0);
                    // g = e·(1/m / sum) − [label]/m: the probability's bound, three roundings, the subtraction.
                    double bound = (rel + 3 * Tolerance.U) * Math.abs(p) / m + 2 * Tolerance.U * (Math.abs(p) + 1) / m
                            + Float.MIN_VALUE * n;
                    ActivationsTest.assertClose(actual[idx], expected[idx], bound, "grad row " + i, j);
                }
            }
            assertThat(loss).isCloseTo(refLoss, within(lossBound));
            TestArrays.assertOutsideUntouched(grad, actual, offG, m, n, ldg);
        }
    }

    @Test
    void lossIsFiniteForHugeLogits() {
        float[] logits = {1e30f, -1e30f, 0f, -1e30f, 1e30f, 3f};
        int[] labels = {1, 1};
        float[] grad = new float[6];
        double loss = SoftmaxKernels.crossEntropy(2, 3, logits, 0, 3, labels, 0, grad, 0, 3);
        // Row 0: label logit −1e30 under max 1e30 costs 2e30; row 1: label is the max, so its loss is 0.
        double expected = (2.0 * 1e30f) / 2;
        assertThat(loss).isFinite().isCloseTo(expected, within(expected * Tolerance.U * 4));
        assertThat(grad).containsExactly(0.5f, -0.5f, 0f, 0f, 0f, 0f);
    }

    @Test
    void negativeInfinityOutsideTheLabelContributesNothing() {
        float[] logits = {Float.NEGATIVE_INFINITY, 2f, 2f, Float.NEGATIVE_INFINITY};
        float[] grad = new float[4];
        double loss = SoftmaxKernels.crossEntropy(1, 4, logits, 0, 4, new int[]{1}, 0, grad, 0, 4);
        assertThat(loss).isCloseTo(Math.log(2), within(4 * Tolerance.U));
        assertThat(grad).containsExactly(0f, -0.5f, 0.5f, 0f);
    }

    @Test
    void negativeInfinityAtTheLabelGivesInfiniteLoss() {
        float[] logits = {Float.NEGATIVE_INFINITY, 2f, 1f};
        double loss = SoftmaxKernels.crossEntropy(1, 3, logits, 0, 3, new int[]{0}, 0, new float[3], 0, 3);
        assertThat(loss).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void nanLogitGivesNaNLoss() {
        float[] logits = new float[40];
        logits[33] = Float.NaN;
        double loss = SoftmaxKernels.crossEntropy(2, 20, logits, 0, 20, new int[]{3, 4}, 0, new float[40], 0, 20);
        assertThat(loss).isNaN();
    }

    /** Aliasing grad with logits must not change a single bit of the result. */
    @Test
    void gradientMayOverwriteLogitsInPlace() {
        SplittableRandom rnd = new SplittableRandom(3);
        float[] logits = TestArrays.matrix(rnd, 0, 7, 19, 19, 0);
        int[] labels = {0, 18, 5, 5, 7, 1, 2};
        float[] separate = new float[logits.length];
        double expected = SoftmaxKernels.crossEntropy(7, 19, logits, 0, 19, labels, 0, separate, 0, 19);
        double loss = SoftmaxKernels.crossEntropy(7, 19, logits, 0, 19, labels, 0, logits, 0, 19);
        assertThat(loss).isEqualTo(expected);
        assertThat(logits).usingElementComparator(TestArrays::compareBits).containsExactly(separate);
    }

    @Property(tries = 200)
    void matchesReferenceOnRandomShapes(@ForAll @IntRange(max = 40) int m, @ForAll @IntRange(min = 1, max = 300) int n,
                                        @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] logits = TestArrays.matrix(rnd, 0, m, n, n, 0);
        int[] labels = rnd.ints(m, 0, n).toArray();
        float[] expected = new float[m * n];
        float[] actual = new float[m * n];
        double refLoss = ReferenceSoftmax.crossEntropy(m, n, logits, 0, n, labels, 0, expected, 0, n);
        double loss = SoftmaxKernels.crossEntropy(m, n, logits, 0, n, labels, 0, actual, 0, n);
        // Logits in [−1, 1): range ≤ 2, so the bounds of lossAndGradientMatchReferenceOnRaggedShapes reduce to these.
        double rel = SoftmaxTest.probabilityRelativeBound(n, 2);
        if (m == 0) {
            assertThat(loss).isNaN();
            return;
        }
        assertThat(loss).isCloseTo(refLoss, within(2 * Tolerance.U + rel + Tolerance.U * Math.log(n)));
        for (int i = 0; i < m * n; i++) {
            double p = Math.abs(expected[i]) * m + 1;
            ActivationsTest.assertClose(actual[i], expected[i], ((rel + 5 * Tolerance.U) * p + Float.MIN_VALUE * n) / m,
                    "grad", i);
        }
    }

    @Test
    void emptyBatchHasNaNLoss() {
        assertThat(SoftmaxKernels.crossEntropy(0, 10, new float[0], 0, 10, new int[0], 0, new float[0], 0, 10))
                .isNaN();
    }

    @Test
    void labelOutOfRangeIsRejectedBeforeAnyWork() {
        float[] grad = new float[6];
        Arrays.fill(grad, 7f);
        assertThatThrownBy(() -> SoftmaxKernels.crossEntropy(2, 3, new float[6], 0, 3, new int[]{1, 3}, 0,
                grad, 0, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels[1]").hasMessageContaining("[0, 3)").hasMessageContaining("got 3");
        assertThatThrownBy(() -> SoftmaxKernels.crossEntropy(1, 3, new float[3], 0, 3, new int[]{-1}, 0,
                grad, 0, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got -1");
        assertThat(grad).containsOnly(7f);
    }

    /**
     * Once the JIT has compiled them, softmax and the fused cross-entropy allocate nothing per call,
     * rows with a partial last vector included (a masked tail's exp that C2 did not inline boxed two vectors a row:
     * 192 bytes). Rounds of 2,000 calls until a round allocates under 2,000 bytes; fails if 30 rounds never get there.
     */
    @Test
    void warmCallsAllocateNothing() {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        int lanes = Vectorization.floatLanes();
        for (int n : new int[]{3 * lanes + 5, 1000}) {
            int m = 16;
            SplittableRandom rnd = new SplittableRandom(n);
            float[] logits = TestArrays.vector(rnd, 0, m * n, -5, 5), out = new float[m * n];
            int[] labels = new int[m];
            long perRound = Long.MAX_VALUE;
            for (int round = 0; round < 30 && perRound >= 2_000; round++) {
                long before = threads.getThreadAllocatedBytes(id);
                for (int i = 0; i < 1_000; i++) {
                    SoftmaxKernels.crossEntropy(m, n, logits, 0, n, labels, 0, out, 0, n);
                    SoftmaxKernels.softmax(m, n, logits, 0, n, out, 0, n);
                }
                perRound = threads.getThreadAllocatedBytes(id) - before;
            }
            assertThat(perRound).as("bytes allocated by 2,000 warm calls, %d classes", n).isLessThan(2_000);
        }
    }
}
