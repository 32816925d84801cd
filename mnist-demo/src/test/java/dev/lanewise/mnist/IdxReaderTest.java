package dev.lanewise.mnist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdxReaderTest {
    @TempDir
    Path dir;

    private final byte[] data = {0, 1, 2, 3, 4, 5, (byte) 255, 7, 8, 9, 10, 11};
    private final int[] dims = {3, 2, 2};

    @Test
    void readsRawAndGzipFiles() throws IOException {
        Path raw = dir.resolve("x-idx3-ubyte"), gz = dir.resolve("x-idx3-ubyte.gz");
        Files.write(raw, IdxFiles.idx(dims, data));
        Files.write(gz, IdxFiles.gzip(IdxFiles.idx(dims, data)));
        for (Path p : new Path[]{raw, gz}) {
            IdxReader.Idx idx = IdxReader.read(p);
            assertThat(idx.dims()).containsExactly(3, 2, 2);
            assertThat(idx.data()).containsExactly(data);
            assertThat(idx.count()).isEqualTo(3);
        }
    }

    @Test
    void truncatedFilesNameTheFileAndTheShortfall() throws IOException {
        byte[] whole = IdxFiles.idx(dims, data);
        for (int keep : new int[]{0, 3, 6, 14, whole.length - 1}) {
            Path p = dir.resolve("cut" + keep);
            Files.write(p, Arrays.copyOf(whole, keep));
            assertThatThrownBy(() -> IdxReader.read(p)).as("%d bytes", keep).isInstanceOf(IOException.class)
                    .hasMessageContaining(p.toString()).hasMessageContaining("truncated");
        }
        Path gz = dir.resolve("cut.gz");
        Files.write(gz, IdxFiles.gzip(Arrays.copyOf(whole, whole.length - 2)));
        assertThatThrownBy(() -> IdxReader.read(gz)).hasMessageContaining("truncated");
        Path longer = dir.resolve("long");
        Files.write(longer, Arrays.copyOf(whole, whole.length + 3));
        assertThatThrownBy(() -> IdxReader.read(longer)).hasMessageContaining("trailing bytes");
    }

    @Test
    void wrongMagicTypeOrRankIsRejected() throws IOException {
        byte[] whole = IdxFiles.idx(dims, data);
        Path p = dir.resolve("bad");
        byte[] magic = whole.clone();
        magic[0] = 0x12;
        Files.write(p, magic);
        assertThatThrownBy(() -> IdxReader.read(p)).hasMessageContaining("not an IDX file").hasMessageContaining("0x12");
        byte[] type = whole.clone();
        type[2] = 0x0D;   // float
        Files.write(p, type);
        assertThatThrownBy(() -> IdxReader.read(p)).hasMessageContaining("element type 0xd");
        byte[] rank = whole.clone();
        rank[3] = 0;
        Files.write(p, rank);
        assertThatThrownBy(() -> IdxReader.read(p)).hasMessageContaining("rank 0");
    }

    @Test
    void dimensionsThatDoNotMatchTheLengthOrMnistAreRejected() throws IOException {
        Path p = dir.resolve("dims");
        Files.write(p, IdxFiles.idx(new int[]{3, 2, 3}, data));   // header says 18 elements, body has 12
        assertThatThrownBy(() -> IdxReader.read(p)).hasMessageContaining("[3, 2, 3]").hasMessageContaining("truncated");
        Files.write(p, IdxFiles.idx(new int[]{-1, 2, 2}, data));
        assertThatThrownBy(() -> IdxReader.read(p)).hasMessageContaining("negative");
        // Valid IDX but not MNIST-shaped: the dataset loader says so.
        Path mnist = dir.resolve("mnist");
        IdxFiles.writeDataset(mnist, 12, 6, 1);
        Files.write(mnist.resolve(MnistFiles.TEST_IMAGES.fileName), IdxFiles.idx(new int[]{6, 28, 27}, new byte[6 * 28 * 27]));
        assertThatThrownBy(() -> MnistData.load(mnist, 1, false)).hasMessageContaining("expected images [n, 28, 28]")
                .hasMessageContaining("[6, 28, 27]");
    }

    /** A compressed file's header is only a claim: reading allocates what arrives, not what is claimed. */
    @org.junit.jupiter.api.Test
    void aSmallGzipClaimingHugeDimensionsFailsWithoutAllocatingTheClaim() throws IOException {
        for (int claimed : new int[]{200_000, 2_700_000}) {
            byte[] body = new byte[10 * 784];
            Path file = dir.resolve("claim" + claimed + ".gz");
            Files.write(file, IdxFiles.gzip(IdxFiles.idx(new int[]{claimed, 28, 28}, body)));
            var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().threadId());
            assertThatThrownBy(() -> IdxReader.read(file)).isInstanceOf(IOException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("truncated");
            long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().threadId()) - before;
            assertThat(allocated).as("bytes allocated for a %d-byte file", Files.size(file)).isLessThan(8L << 20);
        }
    }

    @org.junit.jupiter.api.Test
    void aTruncatedGzipStreamSaysSo() throws IOException {
        byte[] gz = IdxFiles.gzip(IdxFiles.idx(new int[]{3, 28, 28}, new byte[3 * 784]));
        for (int keep : new int[]{2, 5, 12, gz.length / 2, gz.length - 4}) {
            Path file = dir.resolve("cut" + keep + ".gz");
            Files.write(file, java.util.Arrays.copyOf(gz, keep));
            assertThatThrownBy(() -> IdxReader.read(file)).as("cut to %d of %d bytes", keep, gz.length)
                    .isInstanceOf(IOException.class).hasMessageStartingWith(file.toString())
                    .message().isNotBlank().doesNotContain("null");
        }
    }
}
