package dev.lanewise.bench;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Every suite JMH knows declares the work of one operation itself, so the summary can rate it. */
class WorkloadDeclarationTest {

    @Test
    void everyBenchmarkClassDeclaresItsWorkload() {
        Set<String> classes = new TreeSet<>();
        for (BenchmarkListEntry e : BenchmarkList.defaultList().getAll(
                OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of())) {
            String name = e.getUserClassQName();
            classes.add(name.substring(name.lastIndexOf('.') + 1));
        }
        assertThat(classes).contains("GemmBench", "TrainStepBench", "PeakFlops", "SmallKernelsBench");
        for (String c : classes) {
            assertThat(Workload.declaration(c)).as("%s declares static Workload workload(String, Map)", c).isNotNull();
        }
    }

    @Test
    void declaredWorkloadsGiveTheStandardCounts() {
        assertThat(Workload.of("Conv1dBench.forwardBackward", java.util.Map.of("geometry", "32x16x512:32x5:s1p2d1",
                "impl", "VECTOR")).amount()).isEqualTo(3 * 2.0 * 32 * 32 * 16 * 5 * 512);
        assertThat(Workload.of("PeakFlops.singleThread", java.util.Map.of()).peak()).isTrue();
        assertThat(Workload.of("NoSuchBench.x", java.util.Map.of())).isNull();
    }
}
