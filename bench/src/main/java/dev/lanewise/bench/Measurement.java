package dev.lanewise.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark result reduced to what the summary needs: {@code Class.method}, parameters, JMH threads, and
 * the median time per operation with JMH's 99.9% confidence half-width, in seconds.
 */
record Measurement(String benchmark, Map<String, String> params, int threads, double medianSeconds,
                   double errorSeconds, double peakRssMb, double p99Seconds, double allocBytesPerOp) {

    /** A measurement without a peak RSS reading. */
    Measurement(String benchmark, Map<String, String> params, int threads, double medianSeconds, double errorSeconds) {
        this(benchmark, params, threads, medianSeconds, errorSeconds, Double.NaN);
    }

    /** A measurement without latency percentiles or allocation. */
    Measurement(String benchmark, Map<String, String> params, int threads, double medianSeconds, double errorSeconds,
                double peakRssMb) {
        this(benchmark, params, threads, medianSeconds, errorSeconds, peakRssMb, Double.NaN, Double.NaN);
    }

    /** Parameters that name the implementation being compared rather than the problem. */
    static final java.util.Set<String> VARIANT_KEYS = java.util.Set.of("impl", "strategy", "runtime");

    /** Variants that are another library measured in the same run (the native baselines). */
    static final java.util.Set<String> PEERS = java.util.Set.of(GemmVariant.OPENBLAS.name(), "ONNXRUNTIME");

    static Measurement of(RunResult run) {
        BenchmarkParams bp = run.getParams();
        String full = bp.getBenchmark();
        int method = full.lastIndexOf('.');
        String benchmark = full.substring(full.lastIndexOf('.', method - 1) + 1);
        Map<String, String> params = new LinkedHashMap<>();
        for (String key : bp.getParamsKeys()) {
            params.put(key, bp.getParam(key));
        }
        Result<?> rss = run.getAggregatedResult() == null ? null
                : run.getAggregatedResult().getSecondaryResults().get(PeakRssProfiler.NAME);
        double peakRss = rss == null ? Double.NaN : rss.getScore();
        Result<?> alloc = run.getAggregatedResult() == null ? null
                : run.getAggregatedResult().getSecondaryResults().get("gc.alloc.rate.norm");
        double allocBytes = alloc == null ? Double.NaN : alloc.getScore();
        Result<?> primary = run.getPrimaryResult();
        double toSeconds = secondsPerOp(primary.getScoreUnit(), 1.0);
        double median = primary.getStatistics().getPercentile(50);
        double error = primary.getScoreError();
        if (primary.getScoreUnit().startsWith("ops/")) {
            // Throughput mode: convert ops per unit time into seconds per op; the error maps to first order.
            double seconds = secondsPerOp(primary.getScoreUnit(), median);
            return new Measurement(benchmark, params, bp.getThreads(), seconds,
                    Double.isNaN(error) ? Double.NaN : seconds * error / median, peakRss, Double.NaN, allocBytes);
        }
        // SampleTime: the distribution of single calls, whose 99th percentile the summary shows beside the median.
        double p99 = bp.getMode() == org.openjdk.jmh.annotations.Mode.SampleTime
                ? primary.getStatistics().getPercentile(99) * toSeconds : Double.NaN;
        return new Measurement(benchmark, params, bp.getThreads(), median * toSeconds,
                Double.isNaN(error) ? Double.NaN : error * toSeconds, peakRss, p99, allocBytes);
    }

    /**
     * One benchmark of a JMH JSON result file (what {@code jmh-result.json} holds), reduced as {@link #of} reduces a
     * live result: a saved run can be summarized and compared again.
     */
    static Measurement fromJson(com.fasterxml.jackson.databind.JsonNode b) {
        String full = b.path("benchmark").asText();
        int method = full.lastIndexOf('.');
        String benchmark = full.substring(full.lastIndexOf('.', method - 1) + 1);
        Map<String, String> params = new LinkedHashMap<>();
        b.path("params").fields().forEachRemaining(f -> params.put(f.getKey(), f.getValue().asText()));
        com.fasterxml.jackson.databind.JsonNode primary = b.path("primaryMetric");
        String unit = primary.path("scoreUnit").asText();
        double median = primary.path("scorePercentiles").path("50.0").asDouble(primary.path("score").asDouble());
        double error = primary.path("scoreError").asDouble(Double.NaN);
        com.fasterxml.jackson.databind.JsonNode secondary = b.path("secondaryMetrics");
        double rss = secondary.path(PeakRssProfiler.NAME).path("score").asDouble(Double.NaN);
        double alloc = secondary.path("gc.alloc.rate.norm").path("score").asDouble(Double.NaN);
        int threads = b.path("threads").asInt(1);
        if (unit.startsWith("ops/")) {
            double seconds = secondsPerOp(unit, median);
            return new Measurement(benchmark, params, threads, seconds, seconds * error / median, rss, Double.NaN, alloc);
        }
        double p99 = b.path("mode").asText().equals("sample")
                ? secondsPerOp(unit, primary.path("scorePercentiles").path("99.0").asDouble()) : Double.NaN;
        return new Measurement(benchmark, params, threads, secondsPerOp(unit, median),
                Double.isNaN(error) ? Double.NaN : secondsPerOp(unit, error), rss, p99, alloc);
    }

    /** Every benchmark of a JMH JSON result file, or an IOException naming the file. */
    static List<Measurement> readJson(java.nio.file.Path file) throws java.io.IOException {
        com.fasterxml.jackson.databind.JsonNode root;
        try {
            root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        } catch (java.io.IOException e) {
            throw new java.io.IOException(file + ": not a JMH JSON result: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new java.io.IOException(file + ": not a JMH JSON result (expected an array of benchmarks)");
        }
        List<Measurement> out = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode b : root) {
            out.add(fromJson(b));
        }
        return out;
    }

    /** "us/op" → value·1e-6 s; "ops/ms" (throughput) → seconds per op for {@code value} ops per ms. */
    static double secondsPerOp(String unit, double value) {
        if (unit.startsWith("ops/")) {
            return 1.0 / (value / unitSeconds(unit.substring(4)));
        }
        if (unit.endsWith("/op")) {
            return value * unitSeconds(unit.substring(0, unit.length() - 3));
        }
        throw new IllegalArgumentException("unsupported JMH score unit: " + unit);
    }

    private static double unitSeconds(String unit) {
        return switch (unit) {
            case "ns" -> 1e-9;
            case "us" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1.0;
            case "min" -> 60.0;
            default -> throw new IllegalArgumentException("unsupported JMH time unit: " + unit);
        };
    }

    /** The implementation compared (impl=VECTOR/SCALAR or the GEMM strategy), or "" when the benchmark has none. */
    String variant() {
        return params.entrySet().stream().filter(e -> VARIANT_KEYS.contains(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse("");
    }

    /** The problem: every parameter except the variant. */
    Map<String, String> problem() {
        Map<String, String> problem = new LinkedHashMap<>(params);
        problem.keySet().removeAll(VARIANT_KEYS);
        return problem;
    }

    boolean isPeer() {
        return PEERS.contains(variant());
    }

    boolean isScalarBaseline() {
        String variant = variant();
        return variant.equals(Impl.SCALAR.name()) || variant.equals("NAIVE");
    }

    Workload workload() {
        return Workload.of(benchmark, params);
    }

    /** GFLOP/s or Melem/s over all JMH threads, or NaN when the benchmark defines no workload. */
    double rate() {
        Workload w = workload();
        return w == null ? Double.NaN : w.rate(medianSeconds, threads);
    }
}
