package dev.lanewise.examples;

import dev.lanewise.layers.ModelIO;
import dev.lanewise.layers.Sequential;
import dev.lanewise.layers.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/** The files {@code src/test/resources/pytorch/train_mnist_mlp.py} wrote with PyTorch. */
final class Fixtures {
    /** images [32, 784], labels [32], logits [32, 10] and abs_logits [32, 10] (the magnitude for error bounds). */
    static final Map<String, Tensor> EXPECTED = read("mnist-expected.safetensors");

    private Fixtures() {
    }

    static Path file(String name) {
        try {
            var url = Fixtures.class.getResource("/pytorch/" + name);
            if (url == null) {
                throw new IllegalStateException("test resource /pytorch/" + name + " is missing");
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Sequential model() {
        try {
            return PyTorchModel.load(file("mnist-mlp.safetensors"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Image {@code i} of the fixture, 784 pixels in [0, 1]. */
    static float[] image(int i) {
        float[] all = EXPECTED.get("images").toArray();
        return java.util.Arrays.copyOfRange(all, i * 784, (i + 1) * 784);
    }

    private static Map<String, Tensor> read(String name) {
        try {
            return ModelIO.readTensors(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
