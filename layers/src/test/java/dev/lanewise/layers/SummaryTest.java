package dev.lanewise.layers;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Sequential#summary()}: each layer's output shape and parameters, the totals. */
class SummaryTest {
    @Test
    void anMlpListsShapesParametersAndBytes() {
        String summary = Sequential.of(Linear.create(784, 300, Init.heNormal(), 1), new ReLU(),
                Linear.create(300, 10, Init.heNormal(), 2)).summary();
        assertThat(summary.lines().toList()).hasSize(5);
        assertThat(summary.lines().toList().get(1)).contains("Linear(784 -> 300)", "[batch, 300]", "235,500");
        assertThat(summary.lines().toList().get(2)).contains("ReLU", "[batch, 300]", " 0");
        assertThat(summary.lines().toList().get(3)).contains("Linear(300 -> 10)", "[batch, 10]", "3,010");
        assertThat(summary).contains("total parameters 238,510; 954,040 bytes");
    }

    @Test
    void aConvolutionShowsTheLengthItsInputDecides() {
        String summary = Sequential.of(Conv1d.create(2, 4, 3, 0, Init.heNormal(), 1), new BatchNorm(4), new ReLU(),
                new Flatten(), Linear.create(40, 3, Init.heNormal(), 2)).summary();
        assertThat(summary).contains("[batch, 4, L-2]", "[batch, 4·(L-2)]", "[batch, 3]");
        // Conv 4·2·3 + 4, BatchNorm γ, β 4 + 4, Linear 40·3 + 3; buffers add running mean, var and the count.
        assertThat(summary).contains("total parameters 159; " + 4 * (159 + 4 + 4 + 1) + " bytes");
    }
}
