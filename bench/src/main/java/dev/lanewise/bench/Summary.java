package dev.lanewise.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The table printed after every run: per kernel and problem, median time per operation with JMH's 99.9%
 * confidence half-width, the rate (GFLOP/s where flops are defined, else Melem/s), the speed-up over the scalar
 * reference measured in the same run, the speed-up over a peer library measured in the same run (OpenBLAS, ONNX
 * Runtime: "vs peer", where the suite has one), and for every FLOP-rated row the fraction of this machine's FMA peak measured
 * in the same run by {@link PeakFlops} (single-thread peak for single-thread rows, all-thread peak otherwise).
 * Rates come from the workload each benchmark declares ({@link Workload}).
 */
final class Summary {
    private final List<Measurement> measurements;

    Summary(List<Measurement> measurements) {
        this.measurements = List.copyOf(measurements);
    }

    /**
     * The FMA peak measured in this run by the benchmark whose workload is marked {@code peak}: on one thread, or on
     * the most threads it ran with.
     */
    Optional<Double> peak(boolean allThreads) {
        return peakResult(allThreads).map(Measurement::rate);
    }

    /** The peak benchmark's measurement behind {@link #peak}. */
    Optional<Measurement> peakResult(boolean allThreads) {
        return measurements.stream().filter(Summary::isFmaPeak)
                .filter(m -> allThreads ? m.threads() > 1 || maxPeakThreads() == 1 : m.threads() == 1)
                .max(java.util.Comparator.comparingInt(Measurement::threads));
    }

    /** A confidence half-width above this fraction of the median makes a row too noisy to compare. */
    static final double NOISY = 0.5;
    /** A peak whose half-width exceeds this fraction makes every "% of peak" uncertain. */
    static final double NOISY_PEAK = 0.1;

    /** Why a row's numbers should not be trusted as they stand; empty when nothing is wrong. */
    List<String> flags(Measurement m) {
        List<String> flags = new java.util.ArrayList<>();
        double ofPeak = ofPeak(m);
        if (ofPeak > 1.0) {
            flags.add(String.format(Locale.ROOT, "above peak (%.0f%%)", 100 * ofPeak));
        }
        double spread = m.errorSeconds() / m.medianSeconds();
        if (spread > NOISY) {
            flags.add(String.format(Locale.ROOT, "noisy (±%.0f%%)", 100 * spread));
        }
        return flags;
    }

    /** The row's fraction of the FMA peak of its thread count, or NaN when it has no FLOP rate or there is no peak. */
    private double ofPeak(Measurement m) {
        Workload w = m.workload();
        if (w == null || w.unit() != Workload.Unit.FLOP || w.peak()) {
            return Double.NaN;
        }
        boolean allThreads = !Objects.equals(m.params().getOrDefault("threads", "1"), "1") || m.threads() > 1;
        return peak(allThreads).map(p -> m.rate() / p).orElse(Double.NaN);
    }

    private static boolean isFmaPeak(Measurement m) {
        return m.workload() != null && m.workload().peak() && m.workload().unit() == Workload.Unit.FLOP;
    }

    /** The memory bandwidth this run measured ({@link MemoryBandwidth}), in GB/s. */
    Optional<Measurement> bandwidth() {
        return measurements.stream().filter(m -> m.workload() != null && m.workload().peak()
                && m.workload().unit() == Workload.Unit.BYTE).findFirst();
    }

    private int maxPeakThreads() {
        return measurements.stream().filter(Summary::isFmaPeak)
                .mapToInt(Measurement::threads).max().orElse(1);
    }

    /** The scalar-reference measurement of the same benchmark and problem, if this run has one. */
    Optional<Measurement> baseline(Measurement m) {
        return measurements.stream()
                .filter(Measurement::isScalarBaseline)
                .filter(b -> b.benchmark().equals(m.benchmark()) && b.problem().equals(m.problem())
                        && b.threads() == m.threads())
                .findFirst();
    }

    /** The peer-library measurement (OpenBLAS, ONNX Runtime) of the same benchmark and problem, if this run has one. */
    Optional<Measurement> peer(Measurement m) {
        return measurements.stream()
                .filter(Measurement::isPeer)
                .filter(b -> b.benchmark().equals(m.benchmark()) && b.problem().equals(m.problem())
                        && b.threads() == m.threads())
                .findFirst();
    }

    String markdown(String machine) {
        StringBuilder out = new StringBuilder();
        out.append("# lanewise benchmark summary\n\n").append(machine).append("\n\n");
        for (boolean all : new boolean[]{false, true}) {
            peakResult(all).filter(p -> p.errorSeconds() / p.medianSeconds() > NOISY_PEAK)
                    .ifPresent(p -> out.append(String.format(Locale.ROOT, "⚠ The FMA peak on %s has a ±%.0f%%"
                            + " interval (above %.0f%%): every \"of FMA peak\" figure on %s is that uncertain.%n%n",
                            all ? "all threads" : "one thread", 100 * p.errorSeconds() / p.medianSeconds(),
                            100 * NOISY_PEAK, all ? "all threads" : "one thread")));
        }
        peak(false).ifPresent(p -> out.append(String.format(Locale.ROOT,
                "Measured FMA peak: %.1f GFLOP/s on one thread", p)));
        peak(true).ifPresent(p -> out.append(String.format(Locale.ROOT, ", %.1f GFLOP/s on all threads", p)));
        if (peak(false).isPresent() || peak(true).isPresent()) {
            out.append(".\n\n");
        }
        bestTuning().ifPresent(t -> out.append("Best packed GEMM blocking on this machine:\n\n    ")
                .append(t).append("\n\n"));
        Map<String, List<Measurement>> byBenchmark = measurements.stream()
                .collect(Collectors.groupingBy(Measurement::benchmark, LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<String, List<Measurement>> group : byBenchmark.entrySet()) {
            out.append("## ").append(group.getKey()).append("\n\n");
            boolean rss = group.getValue().stream().anyMatch(m -> !Double.isNaN(m.peakRssMb()));
            boolean peers = group.getValue().stream().anyMatch(Measurement::isPeer);
            boolean p99 = group.getValue().stream().anyMatch(m -> !Double.isNaN(m.p99Seconds()));
            boolean alloc = group.getValue().stream().anyMatch(m -> !Double.isNaN(m.allocBytesPerOp()));
            out.append("| problem | variant | JMH threads | time/op (median ± 99.9% CI) |").append(p99 ? " p99 |" : "")
                    .append(" rate | vs scalar |").append(peers ? " vs peer |" : "").append(" of FMA peak |")
                    .append(alloc ? " alloc/op |" : "").append(rss ? " peak RSS |" : "").append(" flags |\n");
            out.append("|---|---|---:|---:|").append(p99 ? "---:|" : "").append("---:|---:|")
                    .append(peers ? "---:|" : "").append("---:|").append(alloc ? "---:|" : "")
                    .append(rss ? "---:|" : "").append("---|\n");
            for (Measurement m : group.getValue()) {
                out.append(row(m, peers, p99));
                if (alloc) {
                    out.append(Double.isNaN(m.allocBytesPerOp()) ? " |"
                            : String.format(Locale.ROOT, " %.0f B |", m.allocBytesPerOp()));
                }
                if (rss) {
                    out.append(Double.isNaN(m.peakRssMb()) ? " |" : String.format(Locale.ROOT, " %.0f MB |", m.peakRssMb()));
                }
                List<String> flags = flags(m);
                out.append(flags.isEmpty() ? " |" : " ⚠ " + String.join(", ", flags) + " |");
                out.append('\n');
            }
            out.append('\n');
        }
        long flagged = measurements.stream().filter(m -> !flags(m).isEmpty()).count();
        long abovePeak = measurements.stream().filter(m -> ofPeak(m) > 1.0).count();
        long noisy = measurements.stream().filter(m -> m.errorSeconds() / m.medianSeconds() > NOISY).count();
        out.append(String.format(Locale.ROOT, "**Sanity: %d of %d rows flagged**", flagged, measurements.size()));
        if (flagged > 0) {
            out.append(String.format(Locale.ROOT, " — %d above 100%% of the FMA peak (the peak or the timing is off:"
                    + " a noisy peak, a clock change between them, or a mis-declared workload), %d noisy (99.9%%"
                    + " interval wider than ±%.0f%% of the median: rerun with more forks or iterations, on a quieter"
                    + " machine, before comparing).", abovePeak, noisy, 100 * NOISY));
        } else {
            out.append('.');
        }
        out.append('\n');
        return out.toString();
    }

    private String row(Measurement m, boolean peerColumn, boolean p99Column) {
        Workload w = m.workload();
        String rate = w == null ? "" : String.format(Locale.ROOT, "%.2f %s", m.rate(), w.unit().rateLabel);
        String speedUp = baseline(m).filter(b -> b != m)
                .map(b -> String.format(Locale.ROOT, "%.2f×", b.medianSeconds() / m.medianSeconds()))
                .orElse(m.isScalarBaseline() ? "1.00× (baseline)" : "");
        String vsPeer = peer(m).filter(p -> p != m)
                .map(p -> String.format(Locale.ROOT, "%.2f× %s", p.medianSeconds() / m.medianSeconds(), p.variant()))
                .orElse(m.isPeer() ? "1.00× (peer)" : "");
        double fraction = ofPeak(m);
        String ofPeak = Double.isNaN(fraction) ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * fraction);
        String problem = m.problem().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        return String.join(" | ", List.of("| " + (problem.isEmpty() ? "—" : problem),
                m.variant().isEmpty() ? "—" : m.variant(), String.valueOf(m.threads()),
                time(m.medianSeconds()) + " ± " + time(m.errorSeconds())
                        + (p99Column ? " | " + (Double.isNaN(m.p99Seconds()) ? "" : time(m.p99Seconds())) : ""), rate,
                peerColumn ? speedUp + " | " + vsPeer : speedUp, ofPeak + " |"));
    }

    /** Seconds as a short human string in the most readable unit. */
    static String time(double seconds) {
        if (Double.isNaN(seconds)) {
            return "n/a";
        }
        double abs = Math.abs(seconds);
        if (abs >= 1) {
            return String.format(Locale.ROOT, "%.3g s", seconds);
        }
        if (abs >= 1e-3) {
            return String.format(Locale.ROOT, "%.3g ms", seconds * 1e3);
        }
        if (abs >= 1e-6 || abs == 0) {
            return String.format(Locale.ROOT, "%.3g µs", seconds * 1e6);
        }
        return String.format(Locale.ROOT, "%.3g ns", seconds * 1e9);
    }

    /** GEMM single-thread square NN results: strategy → (n → measurement), for the chart. */
    Map<String, Map<Integer, Measurement>> gemmSquares() {
        Map<String, Map<Integer, Measurement>> series = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            if (!m.benchmark().equals("GemmBench.sgemm") || m.threads() != 1
                    || !m.params().getOrDefault("threads", "1").equals("1")) {
                continue;
            }
            GemmShape s = GemmShape.parse(m.params().get("shape"));
            if (s.isSquare()) {
                series.computeIfAbsent(m.variant(), k -> new java.util.TreeMap<>()).put(s.n(), m);
            }
        }
        return series;
    }

    /**
     * GEMM thread scaling: "strategy shape" → (threads → speed-up over the same strategy and shape on one
     * thread), for every pair measured at one thread and at least one more count.
     */
    Map<String, Map<Integer, Double>> gemmScaling() {
        Map<String, Map<Integer, Measurement>> byKey = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            if (m.benchmark().equals("GemmBench.sgemm") && m.threads() == 1 && m.params().containsKey("threads")) {
                byKey.computeIfAbsent(m.variant() + " " + m.params().get("shape"), k -> new java.util.TreeMap<>())
                        .put(Integer.parseInt(m.params().get("threads")), m);
            }
        }
        Map<String, Map<Integer, Double>> out = new LinkedHashMap<>();
        byKey.forEach((key, runs) -> {
            Measurement one = runs.get(1);
            if (one != null && runs.size() > 1) {
                Map<Integer, Double> speedUps = new java.util.TreeMap<>();
                runs.forEach((t, m) -> speedUps.put(t, one.medianSeconds() / m.medianSeconds()));
                out.put(key, speedUps);
            }
        });
        return out;
    }

    /** The fastest GemmTune configuration as the system properties that select it, if the run tuned GEMM. */
    Optional<String> bestTuning() {
        return measurements.stream().filter(m -> m.benchmark().equals("GemmTune.packed"))
                .min(java.util.Comparator.comparingDouble(Measurement::medianSeconds))
                .map(m -> {
                    var blocking = GemmTune.blocking(m.params().get("tile"), Integer.parseInt(m.params().get("kc")),
                            Integer.parseInt(m.params().get("mc")));
                    return String.format(Locale.ROOT,
                            "-Dlanewise.gemm.mr=%d -Dlanewise.gemm.nr=%d -Dlanewise.gemm.kc=%d -Dlanewise.gemm.mc=%d"
                                    + "   (%.1f GFLOP/s on %s)", blocking.mr(), blocking.nr(), blocking.kc(),
                            blocking.mc(), m.rate(), m.params().get("shape"));
                });
    }
}
