package dev.lanewise.kernels;

import dev.lanewise.kernels.reference.ReferenceConv1d;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The vector convolution (direct kernels at stride 1, im2col + GEMM above) against the direct nested loops. Each output is a sum of T products (forward
 * T = Cin·K + bias, dX up to Cout·K, dW and db N·Lout); the bound is 2·γ_(T+1)·Σ|terms|, with Σ|terms| computed
 * by running the reference on the absolute values.
 */
class Conv1dTest {

    static Stream<Arguments> geometries() {
        List<Arguments> cases = new ArrayList<>();
        for (int length : Shapes.sizes()) {
            if (length == 0) {
                continue;
            }
            cases.add(Arguments.of(new Conv1dGeometry(2, 3, length, 4, 1, 1, 0, 1)));
            cases.add(Arguments.of(new Conv1dGeometry(3, 2, length, 5, 3, 1, 1, 1)));
            cases.add(Arguments.of(new Conv1dGeometry(1, 4, length, 3, 5, 2, 2, 1)));
            if (length + 6 >= 2 * 2 + 1) {
                cases.add(Arguments.of(new Conv1dGeometry(2, 3, length, 2, 3, 3, 3, 2)));
            }
        }
        // Stride 1 on rows that fill their last tile (4 channels x 3 vectors) to 7/8 or more runs the direct
        // kernels: whole and ragged last tiles, channel counts past a tile, a dilated even kernel, padding past the
        // taps (negative shift in dx). Shorter rows (and the lengths above) take im2col + GEMM.
        int lanes = Vectorization.floatLanes();
        for (int length : new int[]{3 * lanes - 1, 3 * lanes, 24 * lanes - 5, 24 * lanes + 1}) {
            cases.add(Arguments.of(new Conv1dGeometry(2, 5, length, 9, 3, 1, 1, 1)));
            cases.add(Arguments.of(new Conv1dGeometry(1, 6, length, 7, 4, 1, 5, 2)));
            cases.add(Arguments.of(new Conv1dGeometry(2, 3, length, 5, 2, 1, 3, 1)));
        }
        cases.add(Arguments.of(new Conv1dGeometry(0, 3, 10, 2, 3, 1, 1, 1)));
        cases.add(Arguments.of(new Conv1dGeometry(4, 16, 64, 32, 5, 1, 2, 1)));
        cases.add(Arguments.of(new Conv1dGeometry(2, 28, 28, 17, 7, 1, 3, 1)));
        cases.add(Arguments.of(new Conv1dGeometry(1, 1, 5, 1, 5, 1, 0, 1)));
        cases.add(Arguments.of(new Conv1dGeometry(1, 2, 3, 2, 2, 1, 4, 3)));
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void forwardAndBackwardMatchDirectConvolution(Conv1dGeometry g) {
        check(g, 7L * g.length() + g.kernelSize());
    }

    @Property(tries = 120)
    void forwardAndBackwardMatchOnRandomGeometries(@ForAll @IntRange(max = 3) int batch,
                                                   @ForAll @IntRange(min = 1, max = 6) int cin,
                                                   @ForAll @IntRange(min = 1, max = 70) int length,
                                                   @ForAll @IntRange(min = 1, max = 6) int cout,
                                                   @ForAll @IntRange(min = 1, max = 6) int k,
                                                   @ForAll @IntRange(min = 1, max = 4) int stride,
                                                   @ForAll @IntRange(max = 4) int padding,
                                                   @ForAll @IntRange(min = 1, max = 3) int dilation,
                                                   @ForAll long seed) {
        if (length + 2 * padding < dilation * (k - 1) + 1) {
            assertThatThrownBy(() -> new Conv1dGeometry(batch, cin, length, cout, k, stride, padding, dilation))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output length");
            return;
        }
        check(new Conv1dGeometry(batch, cin, length, cout, k, stride, padding, dilation), seed);
    }

    /** Threads split samples or output channels, never a sum: the same bits at every thread count. */
    @ParameterizedTest
    @MethodSource("largeGeometries")
    void resultsAreBitIdenticalAcrossThreadCounts(Conv1dGeometry g) {
        SplittableRandom rnd = new SplittableRandom(11);
        float[] x = TestArrays.vector(rnd, 0, g.inputSize(), -1, 1);
        float[] w = TestArrays.vector(rnd, 0, g.weightSize(), -1, 1);
        float[] bias = TestArrays.vector(rnd, 0, g.outChannels(), -1, 1);
        float[] dy = TestArrays.vector(rnd, 0, g.outputSize(), -1, 1);
        float[][] one = passes(1, g, x, w, bias, dy);
        for (int threads : new int[]{2, 3}) {
            float[][] many = passes(threads, g, x, w, bias, dy);
            for (int p = 0; p < one.length; p++) {
                assertThat(many[p]).as("pass %d at %d threads", p, threads).containsExactly(one[p]);
            }
        }
    }

    static Stream<Arguments> largeGeometries() {
        // Above the 2^23 multiply-adds where the kernels start using threads; stride 2 runs im2col + GEMM.
        return Stream.of(Arguments.of(new Conv1dGeometry(8, 16, 512, 32, 5, 1, 2, 1)),
                Arguments.of(new Conv1dGeometry(9, 13, 301, 37, 7, 1, 3, 2)),
                Arguments.of(new Conv1dGeometry(8, 16, 1024, 32, 5, 2, 2, 1)));
    }

    private static float[][] passes(int threads, Conv1dGeometry g, float[] x, float[] w, float[] bias, float[] dy) {
        float[] y = new float[g.outputSize()], dx = new float[g.inputSize()], dw = new float[g.weightSize()];
        Conv1dKernels.forward(threads, g, x, 0, w, 0, bias, 0, y, 0);
        Conv1dKernels.backwardInput(threads, g, dy, 0, w, 0, dx, 0);
        Conv1dKernels.backwardWeight(threads, g, x, 0, dy, 0, dw, 0);
        return new float[][]{y, dx, dw};
    }

    @Test
    void outputLengthFollowsPyTorch() {
        assertThat(new Conv1dGeometry(1, 1, 10, 1, 3, 1, 0, 1).outputLength()).isEqualTo(8);
        assertThat(new Conv1dGeometry(1, 1, 10, 1, 3, 2, 1, 1).outputLength()).isEqualTo(5);
        assertThat(new Conv1dGeometry(1, 1, 10, 1, 3, 1, 0, 2).outputLength()).isEqualTo(6);
        assertThat(new Conv1dGeometry(1, 1, 512, 1, 5, 1, 2, 1).outputLength()).isEqualTo(512);
    }

    private static void check(Conv1dGeometry g, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int offX = rnd.nextInt(3), offW = rnd.nextInt(3), offB = rnd.nextInt(3), offY = rnd.nextInt(3);
        float[] x = TestArrays.vector(rnd, offX, g.inputSize(), -1, 1);
        float[] w = TestArrays.vector(rnd, offW, g.weightSize(), -1, 1);
        float[] bias = TestArrays.vector(rnd, offB, g.outChannels(), -1, 1);
        float[] dy = TestArrays.vector(rnd, offY, g.outputSize(), -1, 1);
        float[] absX = abs(x), absW = abs(w), absB = abs(bias), absDy = abs(dy);
        int inputTerms = g.inChannels() * g.kernelSize() + 1;
        int batchTerms = g.batch() * g.outputLength() + 1;

        float[] y = new float[g.outputSize() + offY + 2];
        float[] yRef = y.clone(), yMag = y.clone();
        stale(y, offY, g.outputSize());
        stale(yRef, offY, g.outputSize());
        Conv1dKernels.forward(g, x, offX, w, offW, bias, offB, y, offY);
        ReferenceConv1d.forward(g, x, offX, w, offW, bias, offB, yRef, offY);
        ReferenceConv1d.forward(g, absX, offX, absW, offW, absB, offB, yMag, offY);
        assertClose("y", y, yRef, yMag, inputTerms);

        float[] dx = new float[g.inputSize() + offX + 1];
        float[] dxRef = dx.clone(), dxMag = dx.clone();
        stale(dx, offX, g.inputSize());
        stale(dxRef, offX, g.inputSize());
        Conv1dKernels.backwardInput(g, dy, offY, w, offW, dx, offX);
        ReferenceConv1d.backwardInput(g, dy, offY, w, offW, dxRef, offX);
        ReferenceConv1d.backwardInput(g, absDy, offY, absW, offW, dxMag, offX);
        assertClose("dx", dx, dxRef, dxMag, g.outChannels() * g.kernelSize() + 1);

        float[] dw = new float[g.weightSize() + offW + 1];
        float[] dwRef = dw.clone(), dwMag = dw.clone();
        stale(dw, offW, g.weightSize());
        stale(dwRef, offW, g.weightSize());
        Conv1dKernels.backwardWeight(g, x, offX, dy, offY, dw, offW);
        ReferenceConv1d.backwardWeight(g, x, offX, dy, offY, dwRef, offW);
        ReferenceConv1d.backwardWeight(g, absX, offX, absDy, offY, dwMag, offW);
        assertClose("dw", dw, dwRef, dwMag, batchTerms);

        float[] db = new float[g.outChannels() + offB + 1];
        float[] dbRef = db.clone(), dbMag = db.clone();
        stale(db, offB, g.outChannels());
        stale(dbRef, offB, g.outChannels());
        Conv1dKernels.backwardBias(g, dy, offY, db, offB);
        ReferenceConv1d.backwardBias(g, dy, offY, dbRef, offB);
        ReferenceConv1d.backwardBias(g, absDy, offY, dbMag, offB);
        assertClose("db", db, dbRef, dbMag, batchTerms);
    }

    /**
     * Outputs are overwritten, never accumulated into: the layers hand these kernels arrays that still hold the
     * parameters of an earlier model. NaN where the output goes (the guard elements around it stay 0).
     */
    private static void stale(float[] a, int off, int n) {
        java.util.Arrays.fill(a, off, off + n, Float.NaN);
    }

    private static float[] abs(float[] a) {
        float[] r = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = Math.abs(a[i]);
        }
        return r;
    }

    private static void assertClose(String what, float[] actual, float[] expected, float[] magnitude, int terms) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            // The magnitude itself is a float sum of positive terms, at most γ_terms low: scale it up by that.
            double mag = magnitude[i] * (1 + Tolerance.gamma(terms));
            ActivationsTest.assertClose(actual[i], expected[i], Tolerance.twoFloatSums(terms + 1, mag), what, i);
        }
    }
}
