package dev.lanewise.kernels;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Block sizes that are not positive are rejected naming the field, argument or property — never a division by zero. */
class GemmBlockingTest {
    private static final CacheSizes CACHES = new CacheSizes(32 << 10, 1 << 20, 2 << 20);

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void everyFieldMustBePositive(int bad) {
        int[] good = {6, 32, 256, 96, 1024};
        String[] names = {"mr", "nr", "kc", "mc", "nc"};
        for (int field = 0; field < 5; field++) {
            int[] v = good.clone();
            v[field] = bad;
            assertThatThrownBy(() -> new GemmBlocking(v[0], v[1], v[2], v[3], v[4]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(names[field] + ": expected >= 1, got " + bad);
        }
        assertThatThrownBy(() -> GemmBlocking.derive(bad, 32, CACHES)).hasMessage("mr: expected >= 1, got " + bad);
        assertThatThrownBy(() -> GemmBlocking.derive(6, bad, CACHES)).hasMessage("nr: expected >= 1, got " + bad);
    }

    @ParameterizedTest
    @CsvSource({"mr,0", "nr,-8", "kc,0", "mc,-1", "nc,0", "kc,many"})
    void badPropertiesAreNamedOnEveryUse(String field, String value) throws Exception {
        ChildJvm.Run run = ChildJvm.run(ChildJvm.withSpeciesOfThisRun(List.of("--add-modules", "jdk.incubator.vector",
                "-Dlanewise.gemm." + field + "=" + value)), BlockingPropertyProbe.class, 120);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        String expected = "java.lang.IllegalArgumentException: lanewise.gemm.* properties: lanewise.gemm." + field
                + ": expected an integer >= 1, got ";
        assertThat(run.stdout().lines().filter(l -> l.startsWith("use ")))
                .as(run.stdout()).hasSize(2).allMatch(l -> l.contains(expected) && l.contains(value));
    }
}
