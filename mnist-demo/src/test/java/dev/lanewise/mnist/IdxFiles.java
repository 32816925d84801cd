package dev.lanewise.mnist;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/** Writes IDX files and small MNIST-like datasets for tests. */
final class IdxFiles {
    private IdxFiles() {
    }

    static byte[] idx(int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x0800 | dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        }
        return bytes.toByteArray();
    }

    /**
     * A learnable MNIST look-alike: digit d is a bright horizontal bar on rows 2d+4 and 2d+5 plus noise, so a
     * linear model separates the classes. Writes the four raw IDX files into {@code dir}.
     */
    static void writeDataset(Path dir, int trainCount, int testCount, long seed) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom rng = new SplittableRandom(seed);
        write(dir, MnistFiles.TRAIN_IMAGES, MnistFiles.TRAIN_LABELS, trainCount, rng);
        write(dir, MnistFiles.TEST_IMAGES, MnistFiles.TEST_LABELS, testCount, rng);
    }

    private static void write(Path dir, MnistFiles images, MnistFiles labels, int n, SplittableRandom rng)
            throws IOException {
        byte[] px = new byte[n * 784], y = new byte[n];
        for (int i = 0; i < n; i++) {
            int d = rng.nextInt(10);
            y[i] = (byte) d;
            for (int p = 0; p < 784; p++) {
                int row = p / 28;
                int v = rng.nextInt(60) + (row == 2 * d + 4 || row == 2 * d + 5 ? 180 : 0);
                px[i * 784 + p] = (byte) Math.min(255, v);
            }
        }
        Files.write(dir.resolve(images.fileName), idx(new int[]{n, 28, 28}, px));
        Files.write(dir.resolve(labels.fileName), idx(new int[]{n}, y));
    }
}
