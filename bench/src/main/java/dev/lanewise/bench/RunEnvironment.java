package dev.lanewise.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lanewise.kernels.CacheSizes;
import dev.lanewise.kernels.GemmBlocking;
import dev.lanewise.kernels.Vectorization;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where a benchmark result came from: CPU, vector width, cores, the cache sizes the GEMM blocking was derived from,
 * JDK, the forks' JVM flags, the git commit (and whether the tree was dirty), date, JMH mode, the measured FMA
 * peaks. Written as the header of {@code jmh-summary.md} and as {@code jmh-environment.json} beside the JMH JSON,
 * so a later run can say what differs ({@link RunComparison}). An ordered map of display name to value.
 */
record RunEnvironment(Map<String, String> entries) {
    static final String FILE = "jmh-environment.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    RunEnvironment {
        entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    static RunEnvironment capture(boolean quick, List<String> forkJvmArgs, Summary summary) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("CPU", cpuModel());
        e.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        e.put("vector", Vectorization.describe());
        CacheSizes caches = CacheSizes.detect();
        e.put("caches (blocking)", String.format(java.util.Locale.ROOT, "L1d %d KiB, L2 %d KiB, L3 per core %d KiB",
                caches.l1d() >> 10, caches.l2() >> 10, caches.l3PerCore() >> 10));
        GemmBlocking b = GemmBlocking.current();
        e.put("GEMM blocking", "mr " + b.mr() + ", nr " + b.nr() + ", kc " + b.kc() + ", mc " + b.mc() + ", nc " + b.nc());
        e.put("JDK", System.getProperty("java.vendor") + " " + System.getProperty("java.vm.name") + " "
                + Runtime.version());
        e.put("fork JVM flags", String.join(" ", forkJvmArgs));
        e.put("commit", gitCommit());
        e.put("date", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
        e.put("JMH mode", quick ? "quick (jmh.quick: 1 fork, short iterations — for smoke runs, not for numbers)"
                : "full");
        summary.peakResult(false).ifPresent(p -> e.put("FMA peak, 1 thread", peak(p)));
        summary.peakResult(true).ifPresent(p -> e.put("FMA peak, all threads", peak(p)));
        summary.bandwidth().ifPresent(bw -> e.put("memory bandwidth (triad, 1 thread)", String.format(
                java.util.Locale.ROOT, "%.1f GB/s (±%.0f%%)", bw.rate(), 100 * bw.errorSeconds() / bw.medianSeconds())));
        return new RunEnvironment(e);
    }

    private static String peak(Measurement p) {
        return String.format(java.util.Locale.ROOT, "%.1f GFLOP/s (±%.0f%%)", p.rate(),
                100 * p.errorSeconds() / p.medianSeconds());
    }

    String markdown() {
        StringBuilder sb = new StringBuilder("| environment | |\n|---|---|\n");
        entries.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n"));
        return sb.toString();
    }

    void write(Path dir) throws IOException {
        Files.writeString(dir.resolve(FILE), JSON.writeValueAsString(entries));
    }

    /** The environment saved beside {@code resultJson}, or an empty one if that run saved none. */
    static RunEnvironment readBeside(Path resultJson) throws IOException {
        Path file = resultJson.toAbsolutePath().resolveSibling(FILE);
        if (!Files.isRegularFile(file)) {
            return new RunEnvironment(Map.of());
        }
        JsonNode node = JSON.readTree(file.toFile());
        Map<String, String> e = new LinkedHashMap<>();
        node.fields().forEachRemaining(f -> e.put(f.getKey(), f.getValue().asText()));
        return new RunEnvironment(e);
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch") + " (model unknown)";
    }

    /** HEAD's commit, with "(dirty)" when tracked files differ from it; "unknown" outside a git checkout. */
    private static String gitCommit() {
        String head = git("rev-parse", "--short=12", "HEAD");
        if (head == null || head.isBlank()) {
            return "unknown (not a git checkout, or no git)";
        }
        String status = git("status", "--porcelain", "--untracked-files=no");
        return head.trim() + (status != null && !status.isBlank() ? " (dirty)" : "");
    }

    private static String git(String... args) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("git"));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
