package dev.lanewise.layers;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one-copy ways to get data in: unsigned bytes as floats (or kept as bytes), and the seeded order the batches use. */
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

    /** A byte dataset is the float dataset of the same bytes, batch for batch and bit for bit, in a quarter of the memory. */
    @Test
    void aByteDatasetGivesTheFloatDatasetsBatchesBitForBit() {
        int n = 53, features = 13;
        byte[] raw = new byte[n * features + 5];
        new java.util.SplittableRandom(3).nextBytes(raw);
        int[] labels = TestData.labels(4, n, 4);
        Dataset bytes = Dataset.ofUnsignedBytes(raw, 255f, labels, n, features);
        Dataset floats = Dataset.of(Tensor.ofUnsignedBytes(raw, 0, 255f, n, features), labels);
        assertThat(bytes.size()).isEqualTo(n);
        assertThat(bytes.labels()).containsExactly(labels);
        assertThat(bytes.inputs().shape()).containsExactly(n, features);
        assertThat(bytes.inputs().toArray()).containsExactly(floats.inputs().toArray());
        for (long seed : new long[]{1, 2}) {
            List<Batch> a = bytes.batches(16, seed), b = floats.batches(16, seed);
            assertThat(a).hasSize(4);
            for (int i = 0; i < a.size(); i++) {
                assertThat(a.get(i).inputs().shape()).containsExactly(b.get(i).inputs().shape());
                assertThat(a.get(i).inputs().toArray()).containsExactly(b.get(i).inputs().toArray());
                assertThat(a.get(i).labels()).containsExactly(b.get(i).labels());
            }
        }
        assertThat(bytes.shuffle(7).slice(3, 40).inputs().toArray())
                .containsExactly(floats.shuffle(7).slice(3, 40).inputs().toArray());
        raw[0] ^= 1;   // the dataset holds its own copy
        assertThat(bytes.inputs().toArray()).containsExactly(floats.inputs().toArray());

        Dataset seq = Dataset.ofUnsignedBytes(raw, 2f, labels, n, 1, features);
        assertThat(seq.batches(10).get(5).inputs().shape()).containsExactly(3, 1, features);
        assertThat(Dataset.ofUnsignedBytes(raw, 1f, new int[0], 0, features).batches(4)).isEmpty();
    }

    @Test
    void trainingOnBytesOrOnTheirFloatsGivesTheSameModel() {
        int n = 200, features = 20;
        byte[] raw = new byte[n * features];
        new java.util.SplittableRandom(8).nextBytes(raw);
        int[] labels = TestData.labels(9, n, 3);
        TrainConfig config = TrainConfig.builder().loss(new SoftmaxCrossEntropy())
                .optimizer(Sgd.builder().learningRate(0.1f).momentum(0.9f).build())
                .batchSize(32).epochs(2).seed(5).threads(1).build();
        Sequential model = Sequential.of(Linear.create(features, 8, Init.heNormal(), 1), new ReLU(),
                Linear.create(8, 3, Init.heNormal(), 2));
        History a = Trainer.fit(model, Dataset.ofUnsignedBytes(raw, 255f, labels, n, features).slice(0, 150),
                Dataset.ofUnsignedBytes(raw, 255f, labels, n, features).slice(150, 200), config);
        Dataset floats = Dataset.of(Tensor.ofUnsignedBytes(raw, 0, 255f, n, features), labels);
        History b = Trainer.fit(model, floats.slice(0, 150), floats.slice(150, 200), config);
        for (int e = 0; e < 2; e++) {
            assertThat(a.epochs().get(e).trainLoss()).isEqualTo(b.epochs().get(e).trainLoss());
            assertThat(a.epochs().get(e).validationLoss()).isEqualTo(b.epochs().get(e).validationLoss());
        }
        assertThat(a.finalModel().parameters().get(0).toArray()).containsExactly(b.finalModel().parameters().get(0).toArray());
    }

    @Test
    void badByteDatasetsAreRejectedNamingTheArgument() {
        byte[] raw = new byte[12];
        int[] labels = {0, 1, 2};
        assertThatThrownBy(() -> Dataset.ofUnsignedBytes(null, 1f, labels, 3, 4)).hasMessageStartingWith("data:");
        assertThatThrownBy(() -> Dataset.ofUnsignedBytes(raw, 0f, labels, 3, 4)).hasMessageStartingWith("divisor:");
        assertThatThrownBy(() -> Dataset.ofUnsignedBytes(raw, Float.NaN, labels, 3, 4)).hasMessageStartingWith("divisor:");
        assertThatThrownBy(() -> Dataset.ofUnsignedBytes(raw, 1f, labels)).hasMessageStartingWith("shape:");
        assertThatThrownBy(() -> Dataset.ofUnsignedBytes(raw, 1f, labels, 3, -4)).hasMessageStartingWith("shape:");
        assertThatThrownBy(() -> Dataset.ofUnsignedBytes(raw, 1f, labels, 3, 5))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Dataset.ofUnsignedBytes(raw, 1f, new int[]{0, 1}, 3, 4))
                .hasMessageStartingWith("labels: expected 3 labels");
        assertThatThrownBy(() -> Dataset.ofUnsignedBytes(raw, 1f, new int[]{0, -1, 2}, 3, 4))
                .hasMessageStartingWith("labels[1]:");
        assertThatThrownBy(() -> Dataset.ofUnsignedBytes(raw, 1f, null, 3, 4)).hasMessageStartingWith("labels:");
    }
}
