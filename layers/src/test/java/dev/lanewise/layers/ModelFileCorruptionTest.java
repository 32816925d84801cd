package dev.lanewise.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Random corruptions of a saved model — truncation, flipped header bytes, header fields rewritten with values of
 * the wrong type, range or size, data ranges that overlap or leave gaps — either load the very same tensors or fail
 * with an {@link IOException} that names the file: never another exception type, never an allocation the file
 * size does not justify.
 */
class ModelFileCorruptionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Sequential MODEL = Sequential.of(Linear.create(5, 4, Init.heNormal(), 1), new BatchNorm(4),
            new ReLU(), Linear.create(4, 3, Init.heNormal(), 2));
    private static final byte[] SAVED = saved();

    private static final String[] BAD_SHAPES = {"{}", "\"4\"", "[4.5, 5]", "[2147483648, 5]", "[-4, 5]", "null",
            "[4, 5, 1]", "[[4], 5]", "[]", "[4, true]"};
    private static final String[] BAD_DTYPES = {"5", "\"F64\"", "null", "[\"F32\"]", "\"f32\""};
    private static final String[] BAD_OFFSETS = {"[0, 80]", "[\"0\", \"80\"]", "[0.5, 80.5]", "[80]", "{}",
            "[-80, 0]", "[0, 9223372036854775807]", "[9999999999999999999999, 0]", "null"};

    private static byte[] saved() {
        try {
            Path file = Files.createTempFile("lanewise-model", ".safetensors");
            try {
                ModelIO.save(MODEL, file);
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int headerLength(byte[] file) {
        return SafetensorsBytes.headerLength(file);
    }

    private static byte[] file(String header, byte[] data) {
        return SafetensorsBytes.file(header, data);
    }

    private static ObjectNode header() throws IOException {
        return SafetensorsBytes.header(SAVED);
    }

    private static byte[] data() {
        return SafetensorsBytes.data(SAVED);
    }

    private static List<String> tensorNames(JsonNode header) {
        List<String> names = new ArrayList<>();
        header.fieldNames().forEachRemaining(n -> {
            if (!n.equals("__metadata__")) {
                names.add(n);
            }
        });
        return names;
    }

    @Property(tries = 400)
    void corruptedFilesLoadTheSameTensorsOrFailWithAnIOExceptionNamingTheFile(
            @ForAll @IntRange(max = 4) int kind, @ForAll long seed) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] bytes = switch (kind) {
            case 0 -> Arrays.copyOf(SAVED, rnd.nextInt(SAVED.length));
            case 1 -> {
                byte[] b = SAVED.clone();
                int flips = 1 + rnd.nextInt(3);
                for (int f = 0; f < flips; f++) {
                    b[rnd.nextInt(8 + headerLength(SAVED))] ^= (byte) (1 << rnd.nextInt(8));
                }
                yield b;
            }
            case 2 -> rewriteField(rnd);
            case 3 -> shiftOffsets(rnd);
            default -> {
                byte[] b = Arrays.copyOf(SAVED, SAVED.length + 1 + rnd.nextInt(16));
                yield b;
            }
        };
        Path file = Files.createTempFile("corrupt", ".safetensors");
        try {
            Files.write(file, bytes);
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().threadId());
            Sequential loaded;
            try {
                loaded = ModelIO.load(file);
            } catch (IOException e) {
                assertThat(e).hasMessageContaining(file.toString());
                return;
            } finally {
                // The model itself, a 1 MiB transfer buffer, the parsed header: bounded by the file, whatever it claims.
                long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().threadId()) - before;
                assertThat(allocated).as("bytes allocated loading a %d-byte file", bytes.length)
                        .isLessThan((4L << 20) + 64L * bytes.length);
            }
            assertThat(loaded.parameters()).isEqualTo(MODEL.parameters());
            for (int i = 0; i < MODEL.size(); i++) {
                assertThat(loaded.layers().get(i).buffers()).isEqualTo(MODEL.layers().get(i).buffers());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** One field of one tensor entry replaced by a value of the wrong type, sign, range or arity. */
    private static byte[] rewriteField(SplittableRandom rnd) throws IOException {
        ObjectNode header = header();
        List<String> names = tensorNames(header);
        ObjectNode entry = (ObjectNode) header.get(names.get(rnd.nextInt(names.size())));
        switch (rnd.nextInt(4)) {
            case 0 -> entry.set("shape", JSON.readTree(BAD_SHAPES[rnd.nextInt(BAD_SHAPES.length)]));
            case 1 -> entry.set("dtype", JSON.readTree(BAD_DTYPES[rnd.nextInt(BAD_DTYPES.length)]));
            case 2 -> entry.set("data_offsets", JSON.readTree(BAD_OFFSETS[rnd.nextInt(BAD_OFFSETS.length)]));
            default -> entry.put("extra", 1);
        }
        return file(header.toString(), data());
    }

    /** One tensor's range moved onto another's (aliasing it), or shifted so ranges overlap or leave a gap. */
    private static byte[] shiftOffsets(SplittableRandom rnd) throws IOException {
        ObjectNode header = header();
        List<String> names = tensorNames(header);
        ObjectNode entry = (ObjectNode) header.get(names.get(rnd.nextInt(names.size())));
        long begin = entry.get("data_offsets").get(0).longValue(), end = entry.get("data_offsets").get(1).longValue();
        long shift = rnd.nextBoolean() ? -4 * (1 + rnd.nextInt(4)) : 4 * (1 + rnd.nextInt(4));
        if (begin + shift < 0) {
            shift = -begin;
        }
        entry.set("data_offsets", JSON.createArrayNode().add(begin + shift).add(end + shift));
        return file(header.toString(), data());
    }

    @Test
    void overlappingDataOffsetsAreRejectedNamingBothTensors() throws Exception {
        ObjectNode header = header();
        // The bias of layer 0 (4 floats) placed over the first 16 bytes of its weight, which is where the data starts.
        JsonNode weight = header.get("0.weight").get("data_offsets");
        ((ObjectNode) header.get("0.bias")).set("data_offsets", JSON.createArrayNode()
                .add(weight.get(0).longValue()).add(weight.get(0).longValue() + 16));
        Path file = Files.createTempFile("alias", ".safetensors");
        try {
            Files.write(file, file(header.toString(), data()));
            assertThatThrownBy(() -> ModelIO.load(file)).isInstanceOf(IOException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("overlap");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A small file whose architecture declares a huge layer fails before allocating anything of that size. */
    @Test
    void anArchitectureLargerThanTheFileIsRejectedBeforeAllocating() throws Exception {
        ObjectNode header = header();
        ObjectNode meta = (ObjectNode) header.get("__metadata__");
        JsonNode arch = JSON.readTree(meta.get(ModelIO.ARCHITECTURE_KEY).textValue());
        ((ObjectNode) arch.get("layers").get(0)).put("in_features", 20000).put("out_features", 20000);
        meta.put(ModelIO.ARCHITECTURE_KEY, arch.toString());
        Path file = Files.createTempFile("huge", ".safetensors");
        try {
            Files.write(file, file(header.toString(), data()));
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().threadId());
            assertThatThrownBy(() -> ModelIO.load(file)).isInstanceOf(IOException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("architecture");
            long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().threadId()) - before;
            assertThat(allocated).as("bytes allocated by the failed load of a %d-byte file", Files.size(file))
                    .isLessThan(8L << 20);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aDirectoryOrAMissingFileIsNamedWithWhatIsWrong() throws Exception {
        Path dir = Files.createTempDirectory("models");
        try {
            assertThatThrownBy(() -> ModelIO.load(dir)).isInstanceOf(IOException.class)
                    .hasMessage(dir + ": is a directory, expected a safetensors model file");
            assertThatThrownBy(() -> ModelIO.load(dir.resolve("none.safetensors"))).isInstanceOf(IOException.class)
                    .hasMessage(dir.resolve("none.safetensors") + ": no such file");
        } finally {
            Files.deleteIfExists(dir);
        }
    }
}
