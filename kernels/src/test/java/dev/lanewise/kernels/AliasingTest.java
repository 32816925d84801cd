package dev.lanewise.kernels;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The aliasing rule of every kernel with outputs: an output that shares an element with an input of the same
 * array is rejected with an {@link IllegalArgumentException} naming both operands, an exact in-place output
 * (where a kernel allows one) gives the out-of-place result, and disjoint ranges of one array — interleaved
 * columns included — compute exactly what separate arrays do.
 */
class AliasingTest {

    @Property(tries = 3000)
    void overlapTestAgreesWithEnumeratingEveryElement(@ForAll @IntRange(max = 40) int offX,
                                                      @ForAll @IntRange(max = 5) int rowsX,
                                                      @ForAll @IntRange(max = 6) int colsX,
                                                      @ForAll @IntRange(max = 4) int gapX,
                                                      @ForAll @IntRange(max = 40) int offY,
                                                      @ForAll @IntRange(max = 5) int rowsY,
                                                      @ForAll @IntRange(max = 6) int colsY,
                                                      @ForAll @IntRange(max = 4) int gapY) {
        int ldX = Math.max(1, colsX + gapX), ldY = Math.max(1, colsY + gapY);
        Set<Integer> x = elements(offX, rowsX, colsX, ldX);
        x.retainAll(elements(offY, rowsY, colsY, ldY));
        assertThat(Checks.shareElements(offX, rowsX, colsX, ldX, offY, rowsY, colsY, ldY))
                .as("%d+%dx%d/%d vs %d+%dx%d/%d", offX, rowsX, colsX, ldX, offY, rowsY, colsY, ldY)
                .isEqualTo(!x.isEmpty());
    }

    /**
     * A and C (or B and C) placed anywhere in one array: rejected exactly when they share an element; otherwise
     * the result equals the same product on separate copies, for every strategy.
     */
    @Property(tries = 600)
    void gemmRejectsAnOutputSharingAnElementWithAnInput(@ForAll @IntRange(min = 1, max = 9) int m,
                                                        @ForAll @IntRange(min = 1, max = 9) int n,
                                                        @ForAll @IntRange(min = 1, max = 9) int k,
                                                        @ForAll @IntRange(max = 120) int offIn,
                                                        @ForAll @IntRange(max = 120) int offC,
                                                        @ForAll @IntRange(max = 3) int gap,
                                                        @ForAll boolean aliasB, @ForAll boolean transposed,
                                                        @ForAll GemmStrategy strategy, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int rows = aliasB ? (transposed ? n : k) : (transposed ? k : m);
        int cols = aliasB ? (transposed ? k : n) : (transposed ? m : k);
        int ldIn = cols + gap, ldc = n + gap;
        int length = Math.max(offIn + (rows - 1) * ldIn + cols, offC + (m - 1) * ldc + n) + 1;
        float[] shared = TestArrays.vector(rnd, 0, length, -1, 1);
        float[] other = TestArrays.matrix(rnd, 0, aliasB ? m : k, aliasB ? k : n, aliasB ? k : n, 0);
        boolean overlaps = !intersection(offIn, rows, cols, ldIn, offC, m, n, ldc).isEmpty();
        Runnable call = () -> {
            if (aliasB) {
                Gemm.sgemm(strategy, 2, false, transposed, m, n, k, 1f, other, 0, k, shared, offIn, ldIn, 0.5f,
                        shared, offC, ldc);
            } else {
                Gemm.sgemm(strategy, 2, transposed, false, m, n, k, 1f, shared, offIn, ldIn, other, 0, n, 0.5f,
                        shared, offC, ldc);
            }
        };
        if (overlaps) {
            float[] before = shared.clone();
            assertThatThrownBy(call::run).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("c: ").hasMessageContaining(aliasB ? " b, " : " a, ");
            TestArrays.assertBitEqual(shared, before, "nothing written before the check");
            return;
        }
        float[] input = shared.clone(), c = shared.clone();
        if (aliasB) {
            Gemm.sgemm(strategy, 2, false, transposed, m, n, k, 1f, other, 0, k, input, offIn, ldIn, 0.5f, c, offC, ldc);
        } else {
            Gemm.sgemm(strategy, 2, transposed, false, m, n, k, 1f, input, offIn, ldIn, other, 0, n, 0.5f, c, offC, ldc);
        }
        call.run();
        TestArrays.assertBitEqual(shared, mergeOutput(input, c, offC, m, n, ldc), "one array vs separate copies");
    }

    /** Elementwise and row-wise kernels with the output {@code shift} elements from the input in one array. */
    @Property(tries = 600)
    void elementwiseKernelsAllowExactlyInPlaceOrDisjoint(@ForAll @IntRange(min = 1, max = 70) int n,
                                                         @ForAll @IntRange(min = -80, max = 80) int shift,
                                                         @ForAll @IntRange(max = 6) int kernel, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int rows = 3, size = rows * n;   // the row-wise kernels see a 3×n matrix, the others 3n elements
        int offIn = 90, offOut = offIn + shift;
        float[] shared = TestArrays.vector(rnd, 0, offIn + size + 90, -2, 2);
        float[] separateOut = shared.clone();
        int[] labels = {0, n - 1, n / 2};
        float[] bias = TestArrays.vector(rnd, 0, n, -1, 1);
        KernelCall call = (in, out) -> {
            switch (kernel) {
                case 0 -> Activations.sigmoid(size, in, offIn, out, offOut);
                case 1 -> Activations.tanh(size, in, offIn, out, offOut);
                case 2 -> Activations.reluBackward(size, in, offIn, in, offIn, out, offOut);
                case 3 -> Blas1.axpy(size, 0.5f, in, offIn, out, offOut);
                case 4 -> SoftmaxKernels.softmax(rows, n, in, offIn, n, out, offOut, n);
                case 5 -> SoftmaxKernels.crossEntropy(rows, n, in, offIn, n, labels, 0, out, offOut, n);
                default -> BiasActivation.forward(Activation.RELU, rows, n, in, offIn, n, bias, 0, out, offOut, n);
            }
        };
        boolean overlaps = shift != 0 && Math.abs(shift) < size;
        if (overlaps) {
            float[] before = shared.clone();
            assertThatThrownBy(() -> call.run(shared, shared)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected to be exactly");
            TestArrays.assertBitEqual(shared, before, "nothing written before the check");
            return;
        }
        float[] input = shared.clone();
        call.run(input, separateOut);
        call.run(shared, shared);
        float[] expected = input.clone();
        System.arraycopy(separateOut, offOut, expected, offOut, size);
        TestArrays.assertBitEqual(shared, expected, "kernel " + kernel + " shift " + shift + " vs separate arrays");
    }

    @Property(tries = 200)
    void convolutionOutputsMustNotShareAnElementWithInputs(@ForAll @IntRange(min = -40, max = 40) int shift,
                                                           @ForAll long seed) {
        Conv1dGeometry g = new Conv1dGeometry(2, 2, 9, 3, 3, 1, 1, 1);
        SplittableRandom rnd = new SplittableRandom(seed);
        int offX = 60, offY = offX + shift;
        float[] shared = TestArrays.vector(rnd, 0, 200, -1, 1);
        float[] w = TestArrays.vector(rnd, 0, g.weightSize(), -1, 1), bias = new float[g.outChannels()];
        boolean overlaps = offY < offX + g.inputSize() && offX < offY + g.outputSize();
        if (overlaps) {
            assertThatThrownBy(() -> Conv1dKernels.forward(g, shared, offX, w, 0, bias, 0, shared, offY))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("y: ")
                    .hasMessageContaining(" x, ");
            assertThatThrownBy(() -> Conv1dKernels.backwardInput(g, shared, offY, w, 0, shared, offX))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("dx: ");
        } else {
            float[] y = new float[g.outputSize()];
            Conv1dKernels.forward(g, shared, offX, w, 0, bias, 0, y, 0);
            Conv1dKernels.forward(g, shared, offX, w, 0, bias, 0, shared, offY);
            float[] written = java.util.Arrays.copyOfRange(shared, offY, offY + g.outputSize());
            TestArrays.assertBitEqual(written, y, "disjoint output in the input's array");
        }
    }

    private interface KernelCall {
        void run(float[] in, float[] out);
    }

    private static Set<Integer> elements(int off, int rows, int cols, int ld) {
        Set<Integer> set = new HashSet<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                set.add(off + r * ld + c);
            }
        }
        return set;
    }

    private static Set<Integer> intersection(int offX, int rowsX, int colsX, int ldX, int offY, int rowsY, int colsY,
                                             int ldY) {
        Set<Integer> x = elements(offX, rowsX, colsX, ldX);
        x.retainAll(elements(offY, rowsY, colsY, ldY));
        return x;
    }

    /** The input array with C's elements taken from the separately computed output. */
    private static float[] mergeOutput(float[] input, float[] c, int offC, int m, int n, int ldc) {
        float[] merged = input.clone();
        for (int i = 0; i < m; i++) {
            System.arraycopy(c, offC + i * ldc, merged, offC + i * ldc, n);
        }
        return merged;
    }
}
