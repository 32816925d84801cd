package dev.lanewise.bench;

import dev.lanewise.layers.Init;
import dev.lanewise.layers.Layer;
import dev.lanewise.layers.Linear;
import dev.lanewise.layers.ReLU;
import dev.lanewise.layers.Sequential;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An MLP benchmark shape "784-300-10:64": layer widths, then the batch size. A training step's GEMMs are the
 * forward products, the weight gradients, and the input gradients of every layer but the first.
 */
record MlpShape(int[] widths, int batch) {

    static MlpShape parse(String text) {
        String[] parts = text.trim().split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("mlp shape: expected widths:batch like 784-300-10:64, got '" + text + "'");
        }
        try {
            int[] widths = Arrays.stream(parts[0].split("-")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
            int batch = Integer.parseInt(parts[1].trim());
            if (widths.length < 2 || batch < 1 || Arrays.stream(widths).anyMatch(w -> w < 1)) {
                throw new IllegalArgumentException("mlp shape: expected >= 2 positive widths and a positive batch, got '"
                        + text + "'");
            }
            return new MlpShape(widths, batch);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("mlp shape: expected widths:batch like 784-300-10:64, got '" + text + "'", e);
        }
    }

    int layers() {
        return widths.length - 1;
    }

    /** The ReLU MLP of these widths: He-normal Linear layers seeded by their position, ReLU between them. */
    Sequential model() {
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l < layers(); l++) {
            layers.add(Linear.create(widths[l], widths[l + 1], Init.heNormal(), l));
            if (l + 1 < layers()) {
                layers.add(new ReLU());
            }
        }
        return Sequential.of(layers);
    }

    /** Multiply-adds of the layer products times 2, for forward only. */
    double forwardFlops() {
        double f = 0;
        for (int l = 0; l < layers(); l++) {
            f += 2.0 * batch * widths[l] * widths[l + 1];
        }
        return f;
    }

    /** Flops of one SGD step's GEMMs: forward, weight gradients, input gradients except the first layer's. */
    double stepFlops() {
        return 2 * forwardFlops() - 2.0 * batch * widths[0] * widths[1] + forwardFlops();
    }
}
