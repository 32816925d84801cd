package dev.lanewise.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelIOTest {
    @TempDir
    Path dir;

    /** Every layer type, trained a few steps so BatchNorm's running statistics are not the initial ones. */
    private static Sequential trainedModel() {
        Sequential model = Sequential.of(Conv1d.create(2, 4, 3, 2, 1, 2, Init.heNormal(), 1), new BatchNorm(4),
                new ReLU(), new Flatten(), Linear.create(4 * 4, 8, Init.heNormal(), 2), new Tanh(), new Dropout(0.25f),
                Linear.create(8, 6, Init.xavierUniform(), 3), new Sigmoid(), new Softmax());
        Optimizer sgd = Sgd.builder().learningRate(0.1f).momentum(0.5f).build();
        Tensor x = TestData.uniform(4, -1, 1, 6, 2, 9);
        int[] y = TestData.labels(5, 6, 6);
        for (int i = 0; i < 3; i++) {
            ForwardPass pass = model.forward(x, i, 1);
            model = sgd.step(model, pass.backward(new SoftmaxCrossEntropy().evaluate(pass.output(), y).gradient()));
        }
        return model;
    }

    @Test
    void saveThenLoadRestoresEveryTensorExactly() throws IOException {
        Sequential model = trainedModel();
        Path file = dir.resolve("model.safetensors");
        ModelIO.save(model, file);
        Sequential back = ModelIO.load(file);
        assertThat(back.toString()).isEqualTo(model.toString());
        assertThat(back.parameters()).isEqualTo(model.parameters());
        for (int i = 0; i < model.size(); i++) {
            assertThat(back.layers().get(i).buffers()).isEqualTo(model.layers().get(i).buffers());
        }
        Tensor x = TestData.uniform(6, -1, 1, 3, 2, 9);
        assertThat(back.apply(x)).isEqualTo(model.apply(x));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("model.safetensors");
        }
    }

    @Test
    void headerFollowsPyTorchStateDictNamesShapesAndDtypes() throws IOException {
        Sequential model = trainedModel();
        Path file = dir.resolve("m.safetensors");
        ModelIO.save(model, file);
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(n % 8).isZero();
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        assertThat(shape(header, "0.weight")).containsExactly(4, 2, 3);
        assertThat(shape(header, "0.bias")).containsExactly(4);
        assertThat(shape(header, "1.weight")).containsExactly(4);
        assertThat(shape(header, "1.running_mean")).containsExactly(4);
        assertThat(shape(header, "1.running_var")).containsExactly(4);
        assertThat(shape(header, "1.num_batches_tracked")).isEmpty();
        assertThat(header.get("1.num_batches_tracked").get("dtype").asText()).isEqualTo("I64");
        assertThat(shape(header, "4.weight")).containsExactly(8, 16);
        assertThat(shape(header, "7.weight")).containsExactly(6, 8);
        assertThat(header.get("7.weight").get("dtype").asText()).isEqualTo("F32");
        // num_batches_tracked holds the int64 3 after three steps.
        JsonNode count = header.get("1.num_batches_tracked").get("data_offsets");
        long value = ByteBuffer.wrap(bytes, 8 + (int) n + count.get(0).asInt(), 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(value).isEqualTo(3L);
        // Little-endian float32 data: the first weight of layer 4 as stored in the model.
        int w4 = header.get("4.weight").get("data_offsets").get(0).asInt();
        float first = ByteBuffer.wrap(bytes, 8 + (int) n + w4, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertThat(first).isEqualTo(model.parameters().get(4).toArray()[0]);
        JsonNode arch = new ObjectMapper().readTree(header.get("__metadata__").get(ModelIO.ARCHITECTURE_KEY).asText());
        assertThat(arch.get("layers").get(0).get("type").asText()).isEqualTo("Conv1d");
        assertThat(arch.get("layers").get(0).get("dilation").asInt()).isEqualTo(2);
    }

    private static int[] shape(JsonNode header, String name) {
        JsonNode s = header.get(name).get("shape");
        int[] out = new int[s.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.get(i).asInt();
        }
        return out;
    }

    @Test
    void truncatedFilesFailWithTheFileNameAndTheProblem() throws IOException {
        Path file = dir.resolve("t.safetensors");
        ModelIO.save(trainedModel(), file);
        byte[] bytes = Files.readAllBytes(file);
        for (int keep : new int[]{0, 5, 8, 40, bytes.length / 2, bytes.length - 1}) {
            Path cut = dir.resolve("cut" + keep + ".safetensors");
            Files.write(cut, Arrays.copyOf(bytes, keep));
            assertThatThrownBy(() -> ModelIO.load(cut)).as("truncated to %d bytes", keep)
                    .isInstanceOf(IOException.class).hasMessageContaining(cut.toString());
        }
        Path longer = dir.resolve("longer.safetensors");
        Files.write(longer, Arrays.copyOf(bytes, bytes.length + 4));
        assertThatThrownBy(() -> ModelIO.load(longer)).hasMessageContaining("trailing");
    }

    @Test
    void corruptHeadersFailClearly() throws IOException {
        Path file = dir.resolve("c.safetensors");
        ModelIO.save(Sequential.of(Linear.create(3, 2, Init.heNormal(), 1)), file);
        String header = headerOf(file);
        // F16 is a parameter dtype now (read as float32); I32 has F32's width but is no float
        assertLoadFails(file, header.replace("\"F32\"", "\"I32\""), "expected dtype F32, F16, BF16 or F64, got I32");
        assertLoadFails(file, header.replace("[2,3]", "[3,2]"), "expected shape [2, 3]");
        assertLoadFails(file, header.replace("0.bias", "0.bizz"), "'0.bias' is missing");
        assertLoadFails(file, header.replace("Linear", "Lineal"), "unknown layer type 'Lineal'");
        assertLoadFails(file, header.replace("{", "["), "not a valid lanewise safetensors model");
        assertLoadFails(file, header.replace("lanewise.architecture", "lanewise.architecturX"), "__metadata__");
    }

    private static String headerOf(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    }

    /** Rewrites the header (same length, padded) and expects load to fail mentioning {@code message}. */
    private void assertLoadFails(Path original, String header, String message) throws IOException {
        byte[] bytes = Files.readAllBytes(original);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        assertThat(h.length).as("edited header keeps its length").isEqualTo((int) n);
        System.arraycopy(h, 0, bytes, 8, h.length);
        Path bad = dir.resolve("bad.safetensors");
        Files.write(bad, bytes);
        assertThatThrownBy(() -> ModelIO.load(bad)).isInstanceOf(IOException.class)
                .hasMessageContaining(bad.toString()).hasMessageContaining(message);
    }

    @Test
    void aFailedSaveLeavesTheExistingFileIntact() throws IOException {
        Path file = dir.resolve("keep.safetensors");
        Sequential first = Sequential.of(Linear.create(3, 2, Init.heNormal(), 1));
        ModelIO.save(first, file);
        byte[] before = Files.readAllBytes(file);
        Path blocked = dir.resolve("blocked");
        Files.createDirectories(blocked.resolve("model.safetensors"));   // a directory where the file should go
        assertThatThrownBy(() -> ModelIO.save(first, blocked.resolve("model.safetensors"))).isInstanceOf(IOException.class);
        try (var left = Files.list(blocked)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("model.safetensors");
        }
        ModelIO.save(Sequential.of(Linear.create(3, 2, Init.heNormal(), 2)), file);
        assertThat(Files.readAllBytes(file)).isNotEqualTo(before);
        assertThat(ModelIO.load(file).parameters()).isNotEqualTo(first.parameters());
        try (var all = Files.list(dir)) {
            assertThat(all.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("keep.safetensors", "blocked");
        }
    }
}
