package dev.lanewise.layers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/** The files {@code src/test/resources/pytorch/make_fixtures.py} wrote with PyTorch, and its expected outputs. */
final class PyTorchFixtures {
    private PyTorchFixtures() {
    }

    static Path file(String name) {
        try {
            var url = PyTorchFixtures.class.getResource("/pytorch/" + name);
            if (url == null) {
                throw new IllegalStateException("test resource /pytorch/" + name + " is missing");
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every tensor of {@code expected.safetensors} (inputs, PyTorch's outputs, the weights as float32). */
    static Map<String, Tensor> expected() {
        try (FileChannel ch = FileChannel.open(file("expected.safetensors"), StandardOpenOption.READ)) {
            SafetensorsHeader header = SafetensorsHeader.read(ch, ch.size());
            return SafetensorsReader.read(ch, header, true, name -> true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
