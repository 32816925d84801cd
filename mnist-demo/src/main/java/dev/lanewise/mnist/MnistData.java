package dev.lanewise.mnist;

import dev.lanewise.layers.Dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * MNIST as lanewise datasets: the 60k training file split (seeded) into 50k training and 10k validation
 * samples, the 10k test file as test. Pixels scaled to [0, 1]; images flattened to 784 features
 * (rank 3 {@code [n, 28, 28]} — 28 channels of 28 positions — for the convolutional network).
 */
public record MnistData(Dataset train, Dataset validation, Dataset test) {
    public static final int PIXELS = 28 * 28;
    public static final int CLASSES = 10;

    /** The standard split: a sixth of the training file (10k of 60k) for validation, chosen by {@code seed}. */
    public static MnistData load(Path dir, long seed, boolean asSequences) throws IOException {
        Raw all = read(dir, MnistFiles.TRAIN_IMAGES, MnistFiles.TRAIN_LABELS);
        Raw test = read(dir, MnistFiles.TEST_IMAGES, MnistFiles.TEST_LABELS);
        int validationSize = all.count() / 6, trainSize = all.count() - validationSize;
        int[] order = Dataset.permutation(all.count(), seed);
        return new MnistData(all.select(order, 0, trainSize, asSequences),
                all.select(order, trainSize, all.count(), asSequences), test.select(null, 0, test.count(), asSequences));
    }

    /**
     * One images + labels pair of files, as read: the pixels stay bytes (47 MB for the training file, where floats
     * would be 188 MB) until {@link Raw#select} turns the chosen samples into floats, once.
     */
    record Raw(byte[] pixels, int[] labels) {
        int count() {
            return labels.length;
        }

        /** Samples {@code order[from..to)} (or from..to in file order when order is null) as a dataset in [0, 1]. */
        Dataset select(int[] order, int from, int to, boolean asSequences) {
            int n = to - from;
            byte[] px = order == null && from == 0 && to == count() ? pixels : new byte[n * PIXELS];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                int src = order == null ? from + i : order[from + i];
                if (px != pixels) {
                    System.arraycopy(pixels, src * PIXELS, px, i * PIXELS, PIXELS);
                }
                y[i] = labels[src];
            }
            return asSequences ? Dataset.ofUnsignedBytes(px, 255f, y, n, 28, 28)
                    : Dataset.ofUnsignedBytes(px, 255f, y, n, PIXELS);
        }
    }

    /** One images + labels pair of files, checked: [n, 28, 28] images, n digit labels, n ≥ 1. */
    static Raw read(Path dir, MnistFiles imagesFile, MnistFiles labelsFile) throws IOException {
        Path imagesPath = Fetcher.locate(dir, imagesFile.fileName), labelsPath = Fetcher.locate(dir, labelsFile.fileName);
        if (imagesPath == null || labelsPath == null) {
            throw new IOException(dir + ": " + (imagesPath == null ? imagesFile.fileName : labelsFile.fileName) + " is missing");
        }
        IdxReader.Idx images = IdxReader.read(imagesPath), labels = IdxReader.read(labelsPath);
        if (images.dims().length != 3 || images.dims()[1] != 28 || images.dims()[2] != 28) {
            throw new IOException(imagesPath + ": expected images [n, 28, 28], got " + Arrays.toString(images.dims()));
        }
        if (labels.dims().length != 1 || labels.dims()[0] != images.dims()[0]) {
            throw new IOException(labelsPath + ": expected " + images.dims()[0] + " labels like the images, got "
                    + Arrays.toString(labels.dims()));
        }
        int n = images.count();
        if (n == 0) {
            throw new IOException(imagesPath + ": holds no images");
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels.data()[i] & 0xff;
            if (y[i] >= CLASSES) {
                throw new IOException(labelsPath + ": label " + y[i] + " at index " + i + " is not a digit");
            }
        }
        return new Raw(images.data(), y);
    }
}
