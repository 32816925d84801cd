package dev.lanewise.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTest {
    @Test
    void splitsWordsAndKeepsQuotedSpaces() {
        assertThat(CommandLine.split("  Gemm -p n=1024  -prof gc ")).containsExactly("Gemm", "-p", "n=1024", "-prof", "gc");
        assertThat(CommandLine.split("-jvmArgsAppend '-Xmx2g -XX:+UseParallelGC' \"a b\"c"))
                .containsExactly("-jvmArgsAppend", "-Xmx2g -XX:+UseParallelGC", "a bc");
        assertThat(CommandLine.split("")).isEmpty();
        assertThat(CommandLine.split("''")).containsExactly("");
    }

    @Test
    void rejectsAnUnbalancedQuote() {
        assertThatThrownBy(() -> CommandLine.split("Gemm -p 'shape=1x2x3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unbalanced");
    }
}
