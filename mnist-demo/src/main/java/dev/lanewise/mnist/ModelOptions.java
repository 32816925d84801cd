package dev.lanewise.mnist;

import dev.lanewise.layers.Conv1d;
import dev.lanewise.layers.ModelIO;
import dev.lanewise.layers.Sequential;
import dev.lanewise.layers.Tensor;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** {@code --model FILE}: a saved network, and whether it reads images as 28 × 28 sequences. */
final class ModelOptions {
    @Option(names = "--model", required = true, paramLabel = "FILE.safetensors", description = "A model saved by train --save.")
    Path model;

    /** The model, checked to read MNIST images (flat or as sequences) and give one score per digit. */
    Sequential load() throws IOException {
        Sequential net = ModelIO.load(model);
        Tensor probe = sequences(net) ? Tensor.zeros(1, 28, 28) : Tensor.zeros(1, MnistData.PIXELS);
        Tensor out;
        try {
            out = net.apply(probe, 1);
        } catch (IllegalArgumentException e) {
            throw new IOException(model + ": not a model of MNIST images: " + e.getMessage(), e);
        }
        if (out.rank() != 2 || out.dim(1) != MnistData.CLASSES) {
            throw new IOException(model + ": expected a model with " + MnistData.CLASSES + " outputs (one per digit),"
                    + " got outputs of shape " + java.util.Arrays.toString(out.shape()) + " for one image");
        }
        return net;
    }

    static boolean sequences(Sequential model) {
        return !model.layers().isEmpty() && model.layers().get(0) instanceof Conv1d;
    }
}
