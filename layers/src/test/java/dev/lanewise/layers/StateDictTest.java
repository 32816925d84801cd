package dev.lanewise.layers;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateDictTest {
    private static Sequential model() {
        return Sequential.of(Conv1d.create(2, 4, 3, 1, Init.heNormal(), 1), new BatchNorm(4), new ReLU(), new Flatten(),
                Linear.create(4 * 6, 3, Init.heNormal(), 2));
    }

    @Test
    void namesEveryParameterAndBufferInStateDictOrderAsTheFileDoes() throws Exception {
        Sequential m = model();
        assertThat(m.stateDict().keySet()).containsExactly("0.weight", "0.bias", "1.weight", "1.bias",
                "1.running_mean", "1.running_var", "1.num_batches_tracked", "4.weight", "4.bias");
        assertThat(m.stateDict().get("4.weight").shape()).containsExactly(3, 24);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ModelIO.save(m, out);
        Sequential back = ModelIO.load(new java.io.ByteArrayInputStream(out.toByteArray()));
        assertThat(back.stateDict()).isEqualTo(m.stateDict());
        assertThatThrownBy(() -> m.stateDict().put("x", Tensor.zeros(1))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void withStateDictBuildsTheSameArchitectureOnNewTensorsAndLeavesTheModelAlone() {
        Sequential m = model();
        Map<String, Tensor> halved = new LinkedHashMap<>();
        m.stateDict().forEach((name, t) -> {
            float[] v = t.toArray();
            for (int i = 0; i < v.length; i++) {
                v[i] *= 0.5f;
            }
            halved.put(name, Tensor.of(v, t.shape()));
        });
        Sequential h = m.withStateDict(halved);
        assertThat(h.stateDict()).isEqualTo(halved);
        assertThat(h.toString()).isEqualTo(m.toString());
        assertThat(m.stateDict().get("4.weight")).isNotEqualTo(halved.get("4.weight"));
        Tensor x = TestData.uniform(3, -1, 1, 5, 2, 6);
        assertThat(h.apply(x)).isNotEqualTo(m.apply(x));
        assertThat(m.withStateDict(m.stateDict()).apply(x)).isEqualTo(m.apply(x));
    }

    @Test
    void withStateDictNamesEveryMissingExtraAndMisShapedTensor() {
        Sequential m = model();
        Map<String, Tensor> bad = new LinkedHashMap<>(m.stateDict());
        bad.remove("1.running_var");
        bad.put("4.bias", Tensor.zeros(4));
        bad.put("5.weight", Tensor.zeros(1));
        assertThatThrownBy(() -> m.withStateDict(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing '1.running_var' [4]")
                .hasMessageContaining("'4.bias': expected shape [3], got [4]")
                .hasMessageContaining("unexpected '5.weight'");
        assertThatThrownBy(() -> m.withStateDict(null)).hasMessageContaining("state");
    }

    @Test
    void publicBatchGathersTheOrderedSamplesAndRejectsBadArguments() {
        Dataset d = Dataset.of(Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 5, 2), new int[] {0, 1, 2, 0, 1});
        int[] order = {4, 2, 0, 1, 3};
        assertThat(d.batchCount(2)).isEqualTo(3);
        Batch b = d.batch(order, 1, 2);
        assertThat(b.inputs().toArray()).containsExactly(0, 1, 2, 3);
        assertThat(b.labels()).containsExactly(0, 1);
        assertThat(d.batch(order, 2, 2).labels()).containsExactly(0);
        assertThat(List.of(d.batch(order, 0, 2).labels()[0], d.batch(order, 0, 2).labels()[1])).containsExactly(1, 2);
        assertThatThrownBy(() -> d.batch(order, 3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> d.batch(new int[] {0, 1}, 0, 2)).hasMessageContaining("order: expected 5");
        assertThatThrownBy(() -> d.batch(new int[] {0, 1, 2, 3, 7}, 2, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> d.batch(order, 0, 0)).hasMessageContaining("batchSize");
    }
}
