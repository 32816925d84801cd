package dev.lanewise.layers;

import dev.lanewise.kernels.Conv1dGeometry;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sizes are computed without overflow everywhere: a shape, weight, layer output or convolution whose element
 * count exceeds the largest Java array fails before any allocation with an {@link IllegalArgumentException}
 * naming the shape and the limit — never a wrapped size, a negative length or an {@code ArithmeticException}.
 */
class OversizedShapesTest {
    private static final long LIMIT = Integer.MAX_VALUE - 8;

    @Property(tries = 500)
    void tensorsOverTheArrayLimitAreRejectedByShape(@ForAll @IntRange(min = 1) int a, @ForAll @IntRange(min = 1) int b,
                                                    @ForAll @IntRange(min = 1, max = 70000) int c) {
        Assume.that(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).multiply(BigInteger.valueOf(c))
                .compareTo(BigInteger.valueOf(LIMIT)) > 0);
        assertThatThrownBy(() -> Tensor.zeros(a, b, c)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[" + a + ", " + b + ", " + c + "]")
                .hasMessageContaining("more than the largest Java array (" + LIMIT + ")");
        assertThat(Tensor.zeros(0, a, b).size()).as("a zero dimension makes any shape empty").isZero();
    }

    @Property(tries = 200)
    void linearLayersTooLargeForAnArrayAreRejectedBeforeAllocating(@ForAll @IntRange(min = 46341) int in,
                                                                   @ForAll @IntRange(min = 46341) int out) {
        assertThatThrownBy(() -> Linear.create(in, out, Init.heNormal(), 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Linear weight [out, in]").hasMessageContaining("[" + out + ", " + in + "]");
    }

    @Property(tries = 200)
    void linearOutputsTooLargeForAnArrayAreRejectedBeforeAllocating(@ForAll @IntRange(min = 1000, max = 60000) int out,
                                                                    @ForAll @IntRange(min = 1) int batchSeed) {
        int batch = (int) (LIMIT / out + 1 + batchSeed % 1000);
        Assume.that(batch > 0 && (long) batch * out > LIMIT);
        Linear layer = Linear.create(1, out, Init.zeros(), 1);
        // The input itself fits ([batch, 1]); only the output [batch, out] does not.
        Tensor x = Tensor.zeros(batch, 1);
        assertThatThrownBy(() -> layer.apply(x)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Linear output").hasMessageContaining("more than the largest Java array");
        assertThatThrownBy(() -> Sequential.of(layer).apply(x)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Linear output");
    }

    @Property(tries = 200)
    void flattenOfAnEmptyBatchStillChecksTheRowSize(@ForAll @IntRange(min = 46341) int a,
                                                    @ForAll @IntRange(min = 46341) int b) {
        assertThatThrownBy(() -> new Flatten().apply(Tensor.zeros(0, a, b))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Flatten features").hasMessageContaining("[" + a + ", " + b + "]");
        assertThat(new Flatten().apply(Tensor.zeros(0, 3, 5)).shape()).containsExactly(0, 15);
    }

    /** Any geometry either gives PyTorch's output length exactly (computed here in BigInteger) or is rejected. */
    @Property(tries = 2000)
    void convolutionGeometriesNeverWrap(@ForAll @IntRange(min = 1) int length, @ForAll @IntRange int padding,
                                        @ForAll @IntRange(min = 1, max = 1 << 20) int kernelSize,
                                        @ForAll @IntRange(min = 1) int stride, @ForAll @IntRange(min = 1) int dilation,
                                        @ForAll @IntRange(min = 0, max = 4) int batch) {
        BigInteger padded = BigInteger.valueOf(length).add(BigInteger.valueOf(padding).shiftLeft(1));
        BigInteger span = BigInteger.valueOf(dilation).multiply(BigInteger.valueOf(kernelSize - 1)).add(BigInteger.ONE);
        Conv1dGeometry g;
        try {
            g = new Conv1dGeometry(batch, 1, length, 1, kernelSize, stride, padding, dilation);
        } catch (IllegalArgumentException e) {
            assertThat(e).hasMessageStartingWith("conv geometry: ");
            boolean tooLong = padded.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0
                    || span.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0;
            boolean empty = padded.compareTo(span) < 0;
            BigInteger outLength = padded.subtract(span).divide(BigInteger.valueOf(stride)).add(BigInteger.ONE);
            BigInteger limit = BigInteger.valueOf(LIMIT);
            boolean tooMany = BigInteger.valueOf(kernelSize).multiply(outLength).compareTo(limit) > 0   // im2col
                    || BigInteger.valueOf(batch).multiply(outLength).compareTo(limit) > 0                // output
                    || BigInteger.valueOf((long) batch * length).compareTo(limit) > 0                   // input
                    || kernelSize > LIMIT;                                                              // weight
            assertThat(tooLong || empty || tooMany).as("rejected for a reason: %s", e.getMessage()).isTrue();
            return;
        }
        long expected = padded.subtract(span).divide(BigInteger.valueOf(stride)).longValueExact() + 1;
        assertThat((long) g.outputLength()).isEqualTo(expected).isPositive();
        assertThat((long) g.outputSize()).isEqualTo(batch * expected);
    }

    /** The layer's output length uses the same formula: it neither wraps nor claims a kernel fits when it does not. */
    @org.junit.jupiter.api.Test
    void theConvolutionLayersOutputLengthNeitherWrapsNorRoundsTowardsZero() {
        Conv1d strided = Conv1d.create(1, 1, 5, 4, 0, 1, Init.zeros(), 1);
        assertThat(strided.outputLength(2)).as("kernel 5 over 2 positions, stride 4").isLessThanOrEqualTo(0);
        assertThat(strided.outputLength(9)).isEqualTo(2);
        Conv1d padded = Conv1d.create(1, 1, 1, 1, Integer.MAX_VALUE, 1, Init.zeros(), 1);
        assertThat(padded.outputLength(Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    }
}
