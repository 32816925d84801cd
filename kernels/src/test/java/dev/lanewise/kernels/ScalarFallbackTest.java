package dev.lanewise.kernels;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The kernels in a child JVM without {@code --add-modules jdk.incubator.vector}, and with bad or scalar settings. */
class ScalarFallbackTest {

    record Run(int exitCode, String stdout, String stderr) {
    }

    @Test
    void kernelsRunScalarAndSayHowToEnableSimdWithoutTheVectorModule() throws Exception {
        Run run = runProbe(List.of());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("provider=reference").contains("vectorized=false bits=0")
                .contains("all kernel families matched");
        assertThat(run.stderr()).doesNotContain("NoClassDefFoundError");
        assertThat(run.stderr().lines().filter(l -> l.contains("Start the JVM with --add-modules jdk.incubator.vector")))
                .as("exactly one line telling how to enable SIMD, in:%n%s", run.stderr()).hasSize(1);
    }

    @Test
    void vectorBitsZeroForcesTheScalarPath() throws Exception {
        Run run = runProbe(List.of("--add-modules", "jdk.incubator.vector", "-Dlanewise.vectorBits=0"));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("provider=reference").contains("vectorized=false bits=0");
    }

    @Test
    void withTheModuleTheVectorPathRuns() throws Exception {
        Run run = runProbe(List.of("--add-modules", "jdk.incubator.vector", "-Dlanewise.vectorBits=128"));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("provider=vector").contains("vectorized=true bits=128");
    }

    @Test
    void withoutC2TheKernelsRunScalarWithOneLineSayingWhy() throws Exception {
        for (String flag : List.of("-Xint", "-XX:TieredStopAtLevel=1", "-XX:TieredStopAtLevel=3")) {
            Run run = runProbe(List.of("--add-modules", "jdk.incubator.vector", flag));
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).as(flag).contains("provider=reference").contains("vectorized=false bits=0")
                    .contains("all kernel families matched");
            assertThat(run.stderr().lines().filter(l -> l.contains("C2 compiler") && l.contains("kernels run scalar")))
                    .as("one line saying why, for %s, in:%n%s", flag, run.stderr()).hasSize(1);
        }
        Run forced = runProbe(List.of("--add-modules", "jdk.incubator.vector", "-XX:TieredStopAtLevel=1",
                "-Dlanewise.vectorBits=128"));
        assertThat(forced.exitCode()).as(forced.stderr()).isZero();
        assertThat(forced.stdout()).as("lanewise.vectorBits overrides").contains("provider=vector")
                .contains("vectorized=true bits=128");
    }

    @Test
    void unsupportedVectorBitsFailWithAMessageNamingTheProperty() throws Exception {
        Run run = runProbe(List.of("--add-modules", "jdk.incubator.vector", "-Dlanewise.vectorBits=96"));
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.stderr()).contains("lanewise.vectorBits: expected 0, 128, 256 or 512").contains("got 96");
    }

    private static Run runProbe(List<String> jvmArgs) throws Exception {
        ChildJvm.Run run = ChildJvm.run(jvmArgs, ScalarFallbackProbe.class, 120);
        assertThat(run.finished()).as("child JVM finished").isTrue();
        return new Run(run.exitCode(), run.stdout(), run.stderr());
    }
}
