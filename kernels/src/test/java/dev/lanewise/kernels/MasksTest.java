package dev.lanewise.kernels;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MasksTest {

    /** Every element is 0 or 1/(1 − p); a seed fixes the mask; the dropped fraction is p within 5 binomial σ. */
    @Test
    void dropoutMaskIsSeededInvertedAndDropsAboutP() {
        int n = 100_000;
        float p = 0.3f;
        float[] a = new float[n + 2], b = new float[n + 2], c = new float[n];
        Masks.dropout(n, p, 42L, a, 2);
        Masks.dropout(n, p, 42L, b, 2);
        Masks.dropout(n, p, 43L, c, 0);
        TestArrays.assertBitEqual(a, b, "same seed");
        float keep = 1f / (1f - p);
        int dropped = 0, differ = 0;
        for (int i = 0; i < n; i++) {
            assertThat(a[2 + i]).isIn(0f, keep);
            dropped += a[2 + i] == 0f ? 1 : 0;
            differ += a[2 + i] != c[i] ? 1 : 0;
        }
        double sigma = Math.sqrt(n * p * (1 - p));
        assertThat((double) dropped).isBetween(n * p - 5 * sigma, n * p + 5 * sigma);
        assertThat(differ).as("another seed gives another mask").isGreaterThan(n / 10);
        assertThat(a[0]).isZero();   // nothing written before the offset
    }

    @Test
    void pZeroKeepsEverythingAndBadPIsNamed() {
        float[] mask = new float[9];
        Masks.dropout(9, 0f, 1L, mask, 0);
        assertThat(mask).containsOnly(1f);
        assertThatThrownBy(() -> Masks.dropout(3, 1f, 1L, mask, 0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("p: expected a probability in [0, 1), got 1.0");
    }
}
