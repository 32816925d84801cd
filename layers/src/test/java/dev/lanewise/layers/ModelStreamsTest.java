package dev.lanewise.layers;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Models through streams (a jar resource, a broadcast byte array): the bytes a file holds, the same checks — a
 * corrupted stream loads exactly when the same bytes as a file load, to the same tensors — and no allocation a
 * stream's actual length does not justify.
 */
class ModelStreamsTest {
    private static final Sequential MODEL = Sequential.of(Linear.create(5, 4, Init.heNormal(), 1), new BatchNorm(4),
            new ReLU(), Linear.create(4, 3, Init.heNormal(), 2));

    private static byte[] saved() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelIO.save(MODEL, out);
        return out.toByteArray();
    }

    @Test
    void aStreamHoldsTheBytesOfAFileAndLoadsBack(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.safetensors");
        ModelIO.save(MODEL, file);
        byte[] bytes = saved();
        assertThat(bytes).isEqualTo(Files.readAllBytes(file));
        Sequential loaded = ModelIO.load(new ByteArrayInputStream(bytes));
        assertThat(loaded.parameters()).isEqualTo(MODEL.parameters());
        assertThat(loaded.layers().get(1).buffers()).isEqualTo(MODEL.layers().get(1).buffers());
        assertThat(loaded.toString()).isEqualTo(MODEL.toString());
        try (var resource = Files.newInputStream(file)) {
            assertThat(ModelIO.load(resource).parameters()).isEqualTo(MODEL.parameters());
        }
    }

    @Test
    void saveFlushesButDoesNotCloseTheStream() throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ModelIO.save(MODEL, new FilterOutputStream(sink) {
            @Override
            public void close() {
                closed[0] = true;
            }
        });
        assertThat(closed[0]).isFalse();
        assertThat(sink.toByteArray()).isEqualTo(saved());
    }

    @Test
    void truncatedTrailingAndForeignStreamsFailNamingTheStream() throws IOException {
        byte[] bytes = saved();
        assertThatThrownBy(() -> ModelIO.load(new ByteArrayInputStream(Arrays.copyOf(bytes, bytes.length - 3))))
                .isInstanceOf(IOException.class).hasMessageContaining("model stream").hasMessageContaining("truncated");
        assertThatThrownBy(() -> ModelIO.load(new ByteArrayInputStream(Arrays.copyOf(bytes, bytes.length + 1))))
                .isInstanceOf(IOException.class).hasMessageContaining("trailing bytes");
        assertThatThrownBy(() -> ModelIO.load(new ByteArrayInputStream(new byte[3])))
                .isInstanceOf(IOException.class).hasMessageContaining("8-byte header length");
        assertThatThrownBy(() -> ModelIO.load((java.io.InputStream) null)).isInstanceOf(NullPointerException.class).hasMessageContaining("in");
    }

    /** A header claiming a huge tensor over a short stream: found truncated after reading what is there. */
    @Test
    void aHugeClaimOverAShortStreamAllocatesOnlyWhatArrives() throws IOException {
        String header = "{\"__metadata__\":{\"lanewise.architecture\":\"{\\\"format\\\":\\\"lanewise.Sequential\\\","
                + "\\\"version\\\":1,\\\"layers\\\":[{\\\"type\\\":\\\"Linear\\\",\\\"in_features\\\":40000,"
                + "\\\"out_features\\\":40000}]}\"},\"0.weight\":{\"dtype\":\"F32\",\"shape\":[40000,40000],"
                + "\"data_offsets\":[0,6400000000]},\"0.bias\":{\"dtype\":\"F32\",\"shape\":[40000],"
                + "\"data_offsets\":[6400000000,6400160000]}}";
        byte[] bytes = SafetensorsBytes.file(header, new byte[4096]);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().threadId());
        assertThatThrownBy(() -> ModelIO.load(new ByteArrayInputStream(bytes))).isInstanceOf(IOException.class)
                .hasMessageContaining("truncated").hasMessageContaining("0.weight");
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().threadId()) - before;
        assertThat(allocated).as("bytes allocated for a claim of 6.4 GB over 4 KB").isLessThan(32L << 20);
    }

    /** Random corruptions: a stream loads exactly when the file of the same bytes does, to the same model. */
    @Property(tries = 200)
    void aCorruptedStreamBehavesAsTheSameFile(@ForAll long seed) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] bytes = saved();
        int headerEnd = 8 + SafetensorsBytes.headerLength(bytes);
        switch (rnd.nextInt(3)) {
            case 0 -> bytes = Arrays.copyOf(bytes, rnd.nextInt(bytes.length));
            case 1 -> bytes[rnd.nextInt(headerEnd)] ^= (byte) (1 << rnd.nextInt(8));
            default -> bytes = Arrays.copyOf(bytes, bytes.length + 1 + rnd.nextInt(8));
        }
        Path file = Files.createTempFile("stream", ".safetensors");
        try {
            Files.write(file, bytes);
            Sequential fromFile = null, fromStream = null;
            String fileError = null, streamError = null;
            try {
                fromFile = ModelIO.load(file);
            } catch (IOException e) {
                fileError = e.getMessage();
            }
            try {
                fromStream = ModelIO.load(new ByteArrayInputStream(bytes));
            } catch (IOException e) {
                streamError = e.getMessage();
            }
            assertThat(streamError == null).as("stream loads (%s) iff the file loads (%s)", streamError, fileError)
                    .isEqualTo(fileError == null);
            if (fromFile != null) {
                assertThat(fromStream.parameters()).isEqualTo(fromFile.parameters());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
