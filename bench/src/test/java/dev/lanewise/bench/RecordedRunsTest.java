package dev.lanewise.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The summary, comparison and charts on JMH JSON results recorded on the 2-core Zen 4 host (test resources
 * {@code jmh/}): a quick smoke run whose rows are far too noisy (±222% and ±596% intervals; the all-thread peak,
 * ±70%, is a flagged row too), and a full run of PACKED and OpenBLAS at 1 and 2 threads.
 */
class RecordedRunsTest {
    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(RecordedRunsTest.class.getResource("/jmh/" + name).toURI());
    }

    @Test
    void aQuickRunsNoiseIsFlaggedRowByRowAndOnThePeak() throws Exception {
        List<Measurement> quick = Measurement.readJson(fixture("quick-64.json"));
        Summary summary = new Summary(quick);
        Measurement naive = quick.stream().filter(m -> m.variant().equals("NAIVE")).findFirst().orElseThrow();
        assertThat(summary.flags(naive)).singleElement().asString().startsWith("noisy (±");
        String md = summary.markdown("recorded");
        assertThat(md).contains("⚠ The FMA peak on all threads has a ±70% interval")
                .contains("**Sanity: 3 of 4 rows flagged**").contains("| alloc/op |");
        assertThat(naive.allocBytesPerOp()).isFinite();
        assertThat(naive.peakRssMb()).isPositive();
    }

    @Test
    void aRecordedScalingRunChartsAndComparesWithItself(@TempDir Path dir) throws Exception {
        Summary summary = new Summary(Measurement.readJson(fixture("scaling.json")));
        assertThat(summary.gemmScaling()).containsOnlyKeys("PACKED 1024x1024x1024:NN", "OPENBLAS 1024x1024x1024:NN",
                "PACKED 256x512x784:NT", "OPENBLAS 256x512x784:NT");
        assertThat(summary.gemmScaling().get("PACKED 1024x1024x1024:NN").get(2)).isBetween(1.5, 2.0);
        Path png = dir.resolve("scaling.png");
        assertThat(GemmChart.writeScaling(summary.gemmScaling(), png)).isTrue();
        assertThat(Files.size(png)).isGreaterThan(10_000);
        assertThat(GemmChart.write(summary.gemmSquares(), summary.peak(false), dir.resolve("squares.png"))).isTrue();
        RunComparison same = RunComparison.of(fixture("scaling.json"), fixture("scaling.json"));
        assertThat(same.rows()).hasSize(10).allSatisfy(r -> {
            assertThat(r.speedUp()).isEqualTo(1.0);
            assertThat(r.verdict()).isEqualTo("intervals overlap: no clear change");
        });
        RunComparison across = RunComparison.of(fixture("quick-64.json"), fixture("scaling.json"));
        assertThat(across.rows()).extracting(RunComparison.Row::benchmark).containsOnly("PeakFlops.allThreads",
                "PeakFlops.singleThread");
        assertThat(across.onlyNew()).hasSize(8);
        assertThat(across.onlyOld()).hasSize(2);
    }

    /**
     * The scaling run with its one-thread peak's times multiplied by 1.6 ({@code scaling-slow-peak.json}: the peak
     * a disturbed PeakFlops fork would report): the one-thread GEMM rows now read above 100% and are flagged.
     */
    @Test
    void rowsAboveARecordedPeakAreFlagged() throws Exception {
        Summary summary = new Summary(Measurement.readJson(fixture("scaling-slow-peak.json")));
        String md = summary.markdown("recorded");
        assertThat(md).contains("⚠ above peak (").containsPattern("\\*\\*Sanity: [0-9]+ of 10 rows flagged\\*\\* — [1-9][0-9]* above 100%");
    }
}
