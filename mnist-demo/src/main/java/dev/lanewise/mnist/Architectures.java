package dev.lanewise.mnist;

import dev.lanewise.layers.BatchNorm;
import dev.lanewise.layers.Conv1d;
import dev.lanewise.layers.Dropout;
import dev.lanewise.layers.Flatten;
import dev.lanewise.layers.Init;
import dev.lanewise.layers.Linear;
import dev.lanewise.layers.ReLU;
import dev.lanewise.layers.Sequential;

/** The demo's networks. Every layer's initial weights come from {@code seed}. */
enum Architectures {
    /** 784-hidden-10 with ReLU (hidden 300 by default). */
    MLP,
    /** 784-512-256-10 with BatchNorm, ReLU and Dropout(0.2). */
    DEEP,
    /** Two Conv1d layers over the image as 28 channels × 28 positions, then two Linear layers. */
    CONV;

    boolean sequences() {
        return this == CONV;
    }

    Sequential build(int hidden, long seed) {
        return switch (this) {
            case MLP -> Sequential.of(Linear.create(MnistData.PIXELS, hidden, Init.heNormal(), seed), new ReLU(),
                    Linear.create(hidden, MnistData.CLASSES, Init.heNormal(), seed + 1));
            case DEEP -> Sequential.of(
                    Linear.create(MnistData.PIXELS, 512, Init.heNormal(), seed), new BatchNorm(512), new ReLU(), new Dropout(0.2f),
                    Linear.create(512, 256, Init.heNormal(), seed + 1), new BatchNorm(256), new ReLU(), new Dropout(0.2f),
                    Linear.create(256, MnistData.CLASSES, Init.heNormal(), seed + 2));
            case CONV -> Sequential.of(
                    Conv1d.create(28, 64, 5, 1, 2, 1, Init.heNormal(), seed), new ReLU(),
                    Conv1d.create(64, 64, 3, 2, 1, 1, Init.heNormal(), seed + 1), new ReLU(), new Flatten(),
                    Linear.create(64 * 14, hidden, Init.heNormal(), seed + 2), new ReLU(), new Dropout(0.2f),
                    Linear.create(hidden, MnistData.CLASSES, Init.heNormal(), seed + 3));
        };
    }
}
