package dev.lanewise.layers;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SequentialTest {
    private static Sequential mlp() {
        return Sequential.of(Linear.create(20, 16, Init.heNormal(), 1), new ReLU(),
                Linear.create(16, 8, Init.heNormal(), 2), new Tanh(), Linear.create(8, 3, Init.heNormal(), 3));
    }

    @Test
    void applyAndTrainingForwardAgreeForDeterministicLayers() {
        Sequential model = Sequential.of(Conv1d.create(2, 3, 3, 1, Init.heNormal(), 4), new ReLU(), new Flatten(),
                Linear.create(15, 6, Init.heNormal(), 5), new ReLU(), Linear.create(6, 4, Init.heNormal(), 6),
                new Sigmoid(), new Softmax());
        Tensor x = TestData.uniform(7, -1, 1, 3, 2, 5);
        assertThat(model.forward(x).output()).isEqualTo(model.apply(x));
    }

    @Test
    void fusedLinearReluEqualsTheUnfusedComposition() {
        Linear linear = Linear.create(9, 17, Init.heNormal(), 8);
        Tensor x = TestData.uniform(9, -1, 1, 13, 9);
        Tensor fused = Sequential.of(linear, new ReLU()).apply(x);
        Tensor separate = new ReLU().apply(linear.apply(x));
        assertThat(fused).isEqualTo(separate);
    }

    @Test
    void dropoutAndBatchNormBehaveDifferentlyInTrainingAndInference() {
        Tensor x = TestData.uniform(10, -1, 1, 8, 6);
        Sequential drop = Sequential.of(new Dropout(0.5f));
        assertThat(drop.apply(x)).isEqualTo(x);
        float[] y = drop.forward(x, 3L, 1).output().toArray();
        float[] xv = x.toArray();
        int zeros = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] == 0f) {
                zeros++;
            } else {
                assertThat(y[i]).isEqualTo(xv[i] * 2f);
            }
        }
        assertThat(zeros).isBetween(8, 40);   // 48 elements, p = 0.5: mean 24, ±4.6σ
        assertThat(drop.forward(x, 3L, 1).output()).isEqualTo(drop.forward(x, 3L, 2).output());
        assertThat(drop.forward(x, 4L, 1).output()).isNotEqualTo(drop.forward(x, 3L, 1).output());

        BatchNorm bn = new BatchNorm(6);
        float[] trained = Sequential.of(bn).forward(x).output().toArray();
        for (int c = 0; c < 6; c++) {
            double mean = 0;
            for (int i = 0; i < 8; i++) {
                mean += trained[i * 6 + c];
            }
            assertThat(mean / 8).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(Sequential.of(bn).apply(x).toArray()[0]).isCloseTo((float) (xv[0] / Math.sqrt(1 + 1e-5)),
                org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void trainingStepsLeaveTheModelUnchanged() {
        Sequential model = Sequential.of(Linear.create(20, 16, Init.heNormal(), 1), new BatchNorm(16), new ReLU(),
                Linear.create(16, 3, Init.heNormal(), 3));
        List<Tensor> before = model.parameters();
        List<float[]> copies = before.stream().map(Tensor::toArray).toList();
        List<Tensor> buffers = model.layers().get(1).buffers();
        List<float[]> bufferCopies = buffers.stream().map(Tensor::toArray).toList();
        Optimizer sgd = Sgd.builder().learningRate(0.1f).momentum(0.9f).build();
        Tensor x = TestData.uniform(11, -1, 1, 10, 20);
        int[] labels = TestData.labels(12, 10, 3);
        Sequential next = model;
        for (int step = 0; step < 3; step++) {
            ForwardPass pass = next.forward(x);
            next = sgd.step(next, pass.backward(new SoftmaxCrossEntropy().evaluate(pass.output(), labels).gradient()));
        }
        for (int i = 0; i < before.size(); i++) {
            assertThat(model.parameters().get(i).toArray()).isEqualTo(copies.get(i));
            assertThat(next.parameters().get(i).toArray()).isNotEqualTo(copies.get(i));
        }
        for (int i = 0; i < buffers.size(); i++) {
            assertThat(model.layers().get(1).buffers().get(i).toArray()).isEqualTo(bufferCopies.get(i));
        }
        assertThat(((BatchNorm) next.layers().get(1)).buffers().get(2).toArray()).containsExactly(3f);
    }

    @Test
    void eightThreadsApplyingOneModelGetTheSerialResults() throws Exception {
        Sequential model = mlp();
        List<Tensor> inputs = new ArrayList<>();
        List<Tensor> serial = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            inputs.add(TestData.uniform(100 + i, -1, 1, 1 + i % 7, 20));
            serial.add(model.apply(inputs.get(i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int round = 0; round < 50; round++) {
                        for (int i = 0; i < inputs.size(); i++) {
                            if (!model.apply(inputs.get(i)).equals(serial.get(i))) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shapeMismatchesNameTheLayerAndBothShapes() {
        Sequential model = mlp();
        assertThatThrownBy(() -> model.apply(Tensor.zeros(4, 19)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer 0").hasMessageContaining("[batch, 20]").hasMessageContaining("[4, 19]");
        Sequential conv = Sequential.of(new Flatten(), Linear.create(10, 2, Init.heNormal(), 1));
        assertThatThrownBy(() -> conv.forward(Tensor.zeros(3, 2, 4)))
                .hasMessageContaining("layer 1").hasMessageContaining("[batch, 10]").hasMessageContaining("[3, 8]");
        Sequential c1 = Sequential.of(Conv1d.create(2, 3, 3, 0, Init.heNormal(), 1));
        assertThatThrownBy(() -> c1.apply(Tensor.zeros(3, 6)))
                .hasMessageContaining("layer 0").hasMessageContaining("[batch, 2, length]").hasMessageContaining("[3, 6]");
        assertThatThrownBy(() -> new SoftmaxCrossEntropy().evaluate(Tensor.zeros(4, 3), new int[3]))
                .hasMessageContaining("labels").hasMessageContaining("4").hasMessageContaining("3");
        assertThatThrownBy(() -> new SoftmaxCrossEntropy().evaluate(Tensor.zeros(2, 3), new int[]{0, 3}))
                .hasMessageContaining("labels[1]").hasMessageContaining("[0, 3)");
        ForwardPass pass = model.forward(Tensor.zeros(4, 20));
        assertThatThrownBy(() -> pass.backward(Tensor.zeros(4, 2))).hasMessageContaining("gradOutput")
                .hasMessageContaining("[4, 3]").hasMessageContaining("[4, 2]");
    }

    @Test
    void tensorsAreCopiedInAndOut() {
        float[] data = {1, 2, 3, 4, 5, 6};
        Tensor t = Tensor.of(data, 2, 3);
        data[0] = 99;
        float[] out = t.toArray();
        out[1] = 99;
        assertThat(t.toArray()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(t.get(1, 2)).isEqualTo(6f);
        assertThatThrownBy(() -> Tensor.of(new float[5], 2, 3)).hasMessageContaining("expected 6 values")
                .hasMessageContaining("got 5");
        assertThatThrownBy(() -> t.get(2, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
