package dev.lanewise.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * The benchmark JVM's peak resident set size ({@code VmHWM} of {@code /proc/self/status}) after every iteration, as
 * the secondary result {@value #NAME} in MB (the maximum over iterations and forks). The launcher adds it to every
 * run; it reports nothing where {@code /proc} does not exist.
 */
public final class PeakRssProfiler implements InternalProfiler {
    /** The secondary result's name. */
    static final String NAME = "peakRss";

    @Override
    public String getDescription() {
        return "peak resident set size of the benchmark JVM (VmHWM), MB";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long kb = peakKilobytes();
        return kb < 0 ? List.of() : List.of(new ScalarResult(NAME, kb / 1024.0, "MB", AggregationPolicy.MAX));
    }

    /** VmHWM in kB, or −1 when it cannot be read. */
    static long peakKilobytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
