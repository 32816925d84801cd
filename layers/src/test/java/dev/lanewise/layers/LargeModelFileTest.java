package dev.lanewise.layers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Model files past the int limits: 2 GiB and more of data, and a BatchNorm count past 2²⁴. */
class LargeModelFileTest {
    @TempDir
    Path dir;

    /** A 2.2 GB weight (550 M floats, past 2³¹ bytes but inside one Java array) saves and loads exactly. */
    @Test
    void modelsOfTwoGibibytesAndMoreSaveAndLoad() throws IOException {
        int out = 500_000, in = 1100;
        float[] w = new float[out * in];
        for (int i = 0; i < w.length; i += 4099) {
            w[i] = i;   // values that tell positions apart, up to the last chunk
        }
        w[w.length - 1] = -1.5f;
        float[] b = new float[out];
        b[out - 1] = 7f;
        Sequential model = Sequential.of(Linear.of(Tensor.wrap(w, out, in), Tensor.wrap(b, out)));
        Path file = dir.resolve("large.safetensors");
        ModelIO.save(model, file);
        assertThat(Files.size(file)).isGreaterThan(1L << 31);
        Sequential back = ModelIO.load(file);
        Linear layer = (Linear) back.layers().get(0);
        assertThat(layer.weight().data()).isEqualTo(w);
        assertThat(layer.bias().data()).isEqualTo(b);
    }

    @Test
    void batchCountsPastTwoToTheTwentyFourKeepCountingAndSaveExactly() throws IOException {
        long start = (1L << 24) + 1;   // 16777217: no float holds it
        BatchNorm bn = BatchNorm.of(1e-5f, 0.1f, Tensor.of(new float[]{1, 1}, 2), Tensor.zeros(2), Tensor.zeros(2),
                Tensor.of(new float[]{1, 1}, 2), Tensor.count(start));
        Sequential model = Sequential.of(bn);
        ForwardPass pass = model.forward(TestData.uniform(1, -1, 1, 4, 2), 0, 1);
        Sequential stepped = Sgd.builder().learningRate(0.1f).build().step(model,
                pass.backward(TestData.uniform(2, -1, 1, 4, 2)));
        Tensor count = stepped.layers().get(0).buffers().get(2);
        assertThat(count.countValue()).isEqualTo(start + 1);
        Path file = dir.resolve("bn.safetensors");
        ModelIO.save(stepped, file);
        Sequential back = ModelIO.load(file);
        assertThat(back.layers().get(0).buffers().get(2).countValue()).isEqualTo(start + 1);
        assertThat(back.layers().get(0).buffers()).isEqualTo(stepped.layers().get(0).buffers());
        assertThat(List.of(Tensor.count(start))).isNotEqualTo(List.of(Tensor.count(start + 1)));
    }
}
