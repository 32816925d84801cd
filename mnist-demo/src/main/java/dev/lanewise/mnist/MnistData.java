package dev.lanewise.mnist;

import dev.lanewise.layers.Dataset;
import dev.lanewise.layers.Tensor;

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
        Dataset all = read(dir, MnistFiles.TRAIN_IMAGES, MnistFiles.TRAIN_LABELS, asSequences);
        Dataset test = read(dir, MnistFiles.TEST_IMAGES, MnistFiles.TEST_LABELS, asSequences);
        int validationSize = all.size() / 6;
        Dataset shuffled = all.shuffle(seed);
        int trainSize = all.size() - validationSize;
        return new MnistData(shuffled.slice(0, trainSize), shuffled.slice(trainSize, all.size()), test);
    }

    /** One images + labels pair of files as a dataset. */
    static Dataset read(Path dir, MnistFiles imagesFile, MnistFiles labelsFile, boolean asSequences) throws IOException {
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
        float[] x = new float[n * PIXELS];
        byte[] px = images.data();
        for (int i = 0; i < x.length; i++) {
            x[i] = (px[i] & 0xff) / 255f;
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels.data()[i] & 0xff;
            if (y[i] >= CLASSES) {
                throw new IOException(labelsPath + ": label " + y[i] + " at index " + i + " is not a digit");
            }
        }
        Tensor inputs = asSequences ? Tensor.of(x, n, 28, 28) : Tensor.of(x, n, PIXELS);
        return Dataset.of(inputs, y);
    }
}
