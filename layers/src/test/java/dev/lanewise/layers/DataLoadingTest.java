package dev.lanewise.layers;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one-copy ways to get data in: unsigned bytes as floats, and the seeded order the batches use. */
class DataLoadingTest {

    @Test
    void unsignedBytesBecomeFloatsDividedOnce() {
        byte[] pixels = {9, 0, (byte) 255, (byte) 128, 1, 7};
        Tensor t = Tensor.ofUnsignedBytes(pixels, 1, 255f, 2, 2);
        assertThat(t.shape()).containsExactly(2, 2);
        assertThat(t.toArray()).containsExactly(0f, 1f, 128 / 255f, 1 / 255f);
        assertThatThrownBy(() -> Tensor.ofUnsignedBytes(pixels, 3, 255f, 2, 2))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Tensor.ofUnsignedBytes(pixels, 0, 0f, 2))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("divisor:");
    }

    /** {@code permutation(n, seed)} is the order of {@code shuffle(seed)} and of {@code batches(size, seed)}. */
    @Test
    void thePublicPermutationIsTheOrderShuffleAndBatchesUse() {
        int n = 37;
        float[] x = new float[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = i % 3;
        }
        Dataset d = Dataset.of(Tensor.of(x, n, 1), y);
        int[] order = Dataset.permutation(n, 99L);
        float[] shuffled = d.shuffle(99L).inputs().toArray();
        List<Batch> batches = d.batches(8, 99L);
        for (int i = 0; i < n; i++) {
            assertThat(shuffled[i]).isEqualTo((float) order[i]);
            assertThat(batches.get(i / 8).inputs().toArray()[i % 8]).isEqualTo((float) order[i]);
        }
        assertThat(batches).hasSize(5);
        assertThat(batches.get(4).size()).isEqualTo(5);
        assertThatThrownBy(() -> Dataset.permutation(-1, 1L)).hasMessage("n: expected >= 0, got -1");
    }
}
