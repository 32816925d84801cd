package dev.lanewise.bench;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SummaryTest {

    private static Measurement gemm(String strategy, double seconds) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("shape", "100x200x300:NN");
        params.put("strategy", strategy);
        params.put("threads", "1");
        return new Measurement("GemmBench.sgemm", params, 1, seconds, seconds / 10);
    }

    @Test
    void gemmRateIsTwoMnkOverTheMedianTime() {
        // 2·100·200·300 = 12 MFLOP in 1 ms = 12 GFLOP/s.
        assertThat(gemm("VECTOR_AXPY", 1e-3).rate()).isCloseTo(12.0, within(1e-9));
    }

    @Test
    void speedUpIsMeasuredAgainstTheScalarRowOfTheSameProblem() {
        Measurement naive = gemm("NAIVE", 8e-3);
        Measurement axpy = gemm("VECTOR_AXPY", 1e-3);
        Measurement peak = new Measurement("PeakFlops.singleThread", Map.of(), 1,
                PeakFlops.flopsPerOp() / 48e9, 0);
        Summary summary = new Summary(List.of(naive, axpy, peak));
        assertThat(summary.baseline(axpy)).contains(naive);
        assertThat(summary.peak(false)).hasValueSatisfying(p -> assertThat(p).isCloseTo(48.0, within(1e-9)));
        String md = summary.markdown("test machine");
        assertThat(md).contains("| shape=100x200x300:NN, threads=1 | VECTOR_AXPY | 1 | 1.00 ms ± 100 µs | 12.00 GFLOP/s | 8.00× | 25% |");
        assertThat(md).contains("1.00× (baseline)");
        assertThat(md).contains("Measured FMA peak: 48.0 GFLOP/s on one thread");
    }

    @Test
    void lanewiseRowsAreComparedWithThePeerOfTheSameProblem() {
        Measurement naive = gemm("NAIVE", 8e-3);
        Measurement packed = gemm("PACKED", 1e-3);
        Measurement blas = gemm("OPENBLAS", 1.5e-3);
        Map<String, String> other = new LinkedHashMap<>(Map.of("shape", "64x64x64:NN", "strategy", "PACKED", "threads", "1"));
        Measurement unmatched = new Measurement("GemmBench.sgemm", other, 1, 1e-6, 0);
        Summary summary = new Summary(List.of(naive, packed, blas, unmatched));
        assertThat(summary.peer(packed)).contains(blas);
        assertThat(summary.peer(unmatched)).isEmpty();
        String md = summary.markdown("test machine");
        assertThat(md).contains("| vs scalar | vs peer |");
        assertThat(md).contains("| PACKED | 1 | 1.00 ms ± 100 µs | 12.00 GFLOP/s | 8.00× | 1.50× OPENBLAS |");
        assertThat(md).contains("| OPENBLAS | 1 | 1.50 ms ± 150 µs | 8.00 GFLOP/s | 5.33× | 1.00× (peer) |");
    }

    @Test
    void suitesWithoutAPeerHaveNoPeerColumn() {
        String md = new Summary(List.of(gemm("NAIVE", 8e-3), gemm("PACKED", 1e-3))).markdown("test machine");
        assertThat(md).doesNotContain("vs peer");
    }

    @Test
    void elementwiseRatesAreInMillionsOfElementsPerSecond() {
        Measurement m = new Measurement("SmallKernelsBench.axpy", Map.of("n", "4096", "impl", "vector"), 1, 4.096e-6, 0);
        assertThat(m.rate()).isCloseTo(1000.0, within(1e-9));
        assertThat(m.workload().unit()).isEqualTo(Workload.Unit.ELEMENT);
    }

    @Test
    void chartSeriesHoldOnlySingleThreadSquares() {
        Map<String, String> square = new LinkedHashMap<>(Map.of("shape", "64x64x64:NN", "strategy", "NAIVE", "threads", "1"));
        Measurement s = new Measurement("GemmBench.sgemm", square, 1, 1e-3, 0);
        Summary summary = new Summary(List.of(s, gemm("NAIVE", 1e-3)));
        assertThat(summary.gemmSquares()).containsOnlyKeys("NAIVE");
        assertThat(summary.gemmSquares().get("NAIVE")).containsOnlyKeys(64);
    }

    @Test
    void jmhUnitsConvertToSecondsPerOperation() {
        assertThat(Measurement.secondsPerOp("us/op", 5)).isCloseTo(5e-6, within(1e-18));
        assertThat(Measurement.secondsPerOp("ns/op", 5)).isCloseTo(5e-9, within(1e-21));
        assertThat(Measurement.secondsPerOp("ops/ms", 4)).isCloseTo(2.5e-4, within(1e-16));
    }

    @Test
    void shapesParseWithTransposeFlags() {
        GemmShape dw = GemmShape.parse("784x256x512:TN");
        assertThat(dw).isEqualTo(new GemmShape(784, 256, 512, true, false));
        assertThat(dw.lda()).isEqualTo(784);
        assertThat(dw.ldb()).isEqualTo(512);
        assertThat(ConvShape.forwardFlops(ConvShape.parse("32x16x512:32x5:s1p2d1"))).isEqualTo(2.0 * 32 * 32 * 16 * 5 * 512);
    }

    @Test
    void rowsAbovePeakAndNoisyRowsAndANoisyPeakAreFlaggedAndCounted() {
        Measurement peak = new Measurement("PeakFlops.singleThread", Map.of(), 1, PeakFlops.flopsPerOp() / 10e9,
                0.2 * PeakFlops.flopsPerOp() / 10e9);            // ±20%: a noisy peak
        Measurement fast = gemm("PACKED", 1e-3);                  // 12 GFLOP/s against a 10 GFLOP/s peak
        Map<String, String> params = new LinkedHashMap<>(Map.of("shape", "100x200x300:NN", "strategy", "NAIVE",
                "threads", "1"));
        Measurement noisy = new Measurement("GemmBench.sgemm", params, 1, 8e-3, 6e-3);   // ±75%
        Summary summary = new Summary(List.of(peak, fast, noisy));
        assertThat(summary.flags(fast)).containsExactly("above peak (120%)");
        assertThat(summary.flags(noisy)).containsExactly("noisy (±75%)");
        String md = summary.markdown("test machine");
        assertThat(md).contains("⚠ above peak (120%)").contains("⚠ noisy (±75%)")
                .contains("⚠ The FMA peak on one thread has a ±20% interval")
                .contains("**Sanity: 2 of 3 rows flagged** — 1 above 100% of the FMA peak")
                .contains("1 noisy");
        assertThat(new Summary(List.of(gemm("PACKED", 1e-3))).markdown("m")).contains("**Sanity: 0 of 1 rows flagged**.");
    }

    @Test
    void threadScalingIsTheOneThreadMedianOverEachCount() {
        Map<String, String> one = new LinkedHashMap<>(Map.of("shape", "1024x1024x1024:NN", "strategy", "PACKED",
                "threads", "1"));
        Map<String, String> two = new LinkedHashMap<>(one);
        two.put("threads", "2");
        Summary summary = new Summary(List.of(new Measurement("GemmBench.sgemm", one, 1, 0.015625, 1e-3),
                new Measurement("GemmBench.sgemm", two, 1, 0.0078125, 1e-3), gemm("AUTO", 1e-3)));
        assertThat(summary.gemmScaling()).containsOnlyKeys("PACKED 1024x1024x1024:NN");
        assertThat(summary.gemmScaling().get("PACKED 1024x1024x1024:NN")).containsEntry(1, 1.0).containsEntry(2, 2.0);
    }

    @Test
    void theTriadIsTheBandwidthNotAnFmaPeak() {
        Measurement triad = new Measurement("MemoryBandwidth.triad", Map.of("n", "16777216"), 1, 0.012, 0.001);
        Measurement peak = new Measurement("PeakFlops.singleThread", Map.of(), 1, PeakFlops.flopsPerOp() / 48e9, 0);
        Summary summary = new Summary(List.of(triad, peak, gemm("PACKED", 1e-3)));
        assertThat(summary.bandwidth()).contains(triad);
        assertThat(triad.rate()).isCloseTo(12.0 * 16777216 / 0.012 / 1e9, within(1e-9));   // GB/s
        assertThat(summary.peak(false)).hasValueSatisfying(p -> assertThat(p).isCloseTo(48.0, within(1e-9)));
        assertThat(summary.markdown("m")).contains("16.78 GB/s");
    }
}
