package dev.lanewise.mnist;

import dev.lanewise.layers.Conv1d;
import dev.lanewise.layers.ModelIO;
import dev.lanewise.layers.Sequential;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** {@code --model FILE}: a saved network, and whether it reads images as 28 × 28 sequences. */
final class ModelOptions {
    @Option(names = "--model", required = true, paramLabel = "FILE.safetensors", description = "A model saved by train --save.")
    Path model;

    Sequential load() throws IOException {
        return ModelIO.load(model);
    }

    static boolean sequences(Sequential model) {
        return !model.layers().isEmpty() && model.layers().get(0) instanceof Conv1d;
    }
}
