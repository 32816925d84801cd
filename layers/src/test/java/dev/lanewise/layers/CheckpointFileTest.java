package dev.lanewise.layers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checkpoints (model + optimizer state): round trip, and every inconsistency fails naming the file and the problem. */
class CheckpointFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Sequential MODEL = Sequential.of(Linear.create(5, 4, Init.heNormal(), 1), new BatchNorm(4),
            new ReLU(), Linear.create(4, 3, Init.heNormal(), 2));

    private static OptimizerState adamState() {
        Dataset data = Dataset.of(TestData.uniform(1, -1, 1, 8, 5), TestData.labels(2, 8, 3));
        ForwardPass pass = MODEL.forward(data.batches(8).get(0).inputs());
        Adam adam = Adam.builder().build();
        adam.step(MODEL, pass.backward(new SoftmaxCrossEntropy().evaluate(pass.output(),
                data.batches(8).get(0)).gradient()));
        return adam.state();
    }

    @Test
    void aCheckpointRoundTripsAndAModelFileHasNoOptimizerState(@TempDir Path dir) throws IOException {
        OptimizerState state = adamState();
        Path checkpoint = dir.resolve("c.safetensors"), model = dir.resolve("m.safetensors");
        ModelIO.save(MODEL, state, checkpoint);
        ModelIO.save(MODEL, model);
        ModelIO.Checkpoint c = ModelIO.loadCheckpoint(checkpoint);
        assertThat(c.optimizerState()).contains(state);
        assertThat(c.model().parameters()).isEqualTo(MODEL.parameters());
        assertThat(ModelIO.loadCheckpoint(model).optimizerState()).isEmpty();
        ObjectNode header = SafetensorsBytes.header(Files.readAllBytes(checkpoint));
        assertThat(header.get("optimizer.0.weight.exp_avg").get("shape").toString()).isEqualTo("[4,5]");
    }

    @Test
    void aStateThatDoesNotFitTheModelIsNotSaved(@TempDir Path dir) {
        Sequential other = Sequential.of(Linear.create(5, 2, Init.heNormal(), 1));
        assertThatThrownBy(() -> ModelIO.save(other, adamState(), dir.resolve("x.safetensors")))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("optimizerState: slot '0.bias.exp_avg'");
        assertThat(dir.resolve("x.safetensors")).doesNotExist();
    }

    @Test
    void optimizerTensorsWithoutTheirMetadataAreRejected(@TempDir Path dir) throws IOException {
        assertCorrupt(dir, h -> ((ObjectNode) h.get("__metadata__")).remove(ModelIO.OPTIMIZER_KEY),
                "an optimizer tensor, but __metadata__ has no 'lanewise.optimizer'");
    }

    @Test
    void aSlotOfNoParameterIsRejected(@TempDir Path dir) throws IOException {
        assertCorrupt(dir, h -> h.set("optimizer.7.weight.exp_avg", h.remove("optimizer.0.weight.exp_avg")),
                "tensor 'optimizer.7.weight.exp_avg': expected 'optimizer.<parameter>.<slot>'");
    }

    @Test
    void aSlotShapedUnlikeItsParameterIsRejected(@TempDir Path dir) throws IOException {
        assertCorrupt(dir, h -> ((ObjectNode) h.get("optimizer.0.weight.exp_avg")).set("shape",
                JSON.createArrayNode().add(5).add(4)), "tensor 'optimizer.0.weight.exp_avg': expected shape [4, 5]");
    }

    @Test
    void badOptimizerMetadataIsRejected(@TempDir Path dir) throws IOException {
        assertCorrupt(dir, h -> ((ObjectNode) h.get("__metadata__")).put(ModelIO.OPTIMIZER_KEY,
                "{\"optimizer\":\"Adam\",\"steps\":-1}"), "lanewise.optimizer: expected {\"optimizer\": name");
    }

    private static void assertCorrupt(Path dir, Consumer<ObjectNode> edit, String message) throws IOException {
        Path file = dir.resolve("corrupt.safetensors");
        ModelIO.save(MODEL, adamState(), file);
        byte[] bytes = Files.readAllBytes(file);
        ObjectNode header = SafetensorsBytes.header(bytes);
        edit.accept(header);
        Files.write(file, SafetensorsBytes.file(header.toString(), SafetensorsBytes.data(bytes)));
        assertThatThrownBy(() -> ModelIO.loadCheckpoint(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining(message);
        assertThatThrownBy(() -> ModelIO.load(file)).as("a model load checks the checkpoint's entries too")
                .isInstanceOf(IOException.class);
    }
}
