package dev.lanewise.layers;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Linear layers made for use hold their weight packed for the GEMM; layers a training step makes do not. Either
 * way a model computes the same bits, at every batch size and thread count, and the models training hands out
 * are the packed kind.
 */
class PackedWeightsTest {

    private static Sequential mlp(long seed) {
        return Sequential.of(Linear.create(784, 300, Init.heNormal(), seed), new ReLU(),
                Linear.create(300, 10, Init.heNormal(), seed + 1));
    }

    /** The same parameters in layers a training step would build (no packed weight). */
    private static Sequential unpacked(Sequential model) {
        List<List<Tensor>> params = model.layers().stream().map(Layer::parameters).toList();
        List<List<Tensor>> buffers = model.layers().stream().map(Layer::buffers).toList();
        return model.with(params, buffers);
    }

    private static Tensor input(int batch, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[batch * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble();
        }
        return Tensor.of(x, batch, 784);
    }

    @Test
    void packedAndUnpackedLayersGiveTheSameBitsAtEveryBatchSize() {
        Sequential packed = mlp(3);
        Sequential plain = unpacked(packed);
        assertThat(((Linear) packed.layers().get(0)).hasPackedWeight()).isTrue();
        assertThat(((Linear) plain.layers().get(0)).hasPackedWeight()).isFalse();
        for (int batch : new int[] {1, 2, 5, 6, 7, 8, 13, 31, 64, 65, 127, 300, 1500}) {
            Tensor x = input(batch, batch);
            for (int threads : new int[] {1, 2, 3}) {
                float[] expected = plain.apply(x, threads).toArray();
                assertThat(packed.apply(x, threads).toArray()).as("batch %d, %d threads", batch, threads)
                        .isEqualTo(expected);
                assertThat(packed.forward(x, 0, threads).output().toArray()).isEqualTo(expected);
            }
        }
    }

    @Test
    void preparedModelsAreEquivalentAndPreparedOnce() {
        Sequential plain = unpacked(mlp(5));
        Sequential prepared = plain.prepared();
        assertThat(prepared).isNotSameAs(plain);
        assertThat(prepared.prepared()).isSameAs(prepared);
        assertThat(prepared.parameters()).isEqualTo(plain.parameters());
        Tensor x = input(64, 9);
        assertThat(prepared.apply(x, 1).toArray()).isEqualTo(plain.apply(x, 1).toArray());
    }

    @Test
    void trainingHandsOutPackedModelsAndTrainsTheSameBitsEitherWay() {
        SplittableRandom rnd = new SplittableRandom(1);
        int n = 256;
        float[] x = new float[n * 784];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rnd.nextInt(10);
            for (int j = 0; j < 784; j++) {
                x[i * 784 + j] = (float) rnd.nextDouble();
            }
        }
        Dataset data = Dataset.of(Tensor.of(x, n, 784), labels);
        TrainConfig config = TrainConfig.builder().loss(new SoftmaxCrossEntropy())
                .optimizer(Sgd.builder().learningRate(0.1f).build()).batchSize(64).epochs(2).seed(4).build();
        History fromPacked = Trainer.fit(mlp(7), data, data, config);
        History fromPlain = Trainer.fit(unpacked(mlp(7)), data, data, config);
        for (History h : List.of(fromPacked, fromPlain)) {
            assertThat(((Linear) h.finalModel().layers().get(0)).hasPackedWeight()).isTrue();
            assertThat(((Linear) h.bestModel().layers().get(0)).hasPackedWeight()).isTrue();
        }
        for (int i = 0; i < fromPacked.finalModel().parameters().size(); i++) {
            assertThat(fromPacked.finalModel().parameters().get(i).toArray())
                    .isEqualTo(fromPlain.finalModel().parameters().get(i).toArray());
        }
        TrainingStep step = new TrainingStep(new SoftmaxCrossEntropy(), Sgd.builder().learningRate(0.1f).build(), 1);
        step.start(mlp(8));
        step.advance(data.batch(Dataset.permutation(n, 1), 0, 64), 1, 1f);
        Sequential current = step.current();
        assertThat(((Linear) current.layers().get(0)).hasPackedWeight()).isTrue();
        assertThat(step.current()).isSameAs(current);
    }
}
