package dev.lanewise.kernels;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The public pool behind the kernels' work buffers and the layers' inference activations. */
class FloatBufferPoolTest {
    @Test
    void aBufferGivenBackIsLentAgainAndNeverTwice() {
        FloatBufferPool pool = new FloatBufferPool(2);
        float[] a = pool.take(100);
        assertThat(a.length).isGreaterThanOrEqualTo(100);
        float[] b = pool.take(100);
        assertThat(b).isNotSameAs(a);                      // a is lent: nobody else gets it
        pool.give(a);
        assertThat(pool.take(50)).isSameAs(a);             // large enough, so reused
        assertThat(pool.take(1000)).isNotSameAs(a).satisfies(c -> assertThat(c.length).isGreaterThanOrEqualTo(1000));
    }

    @Test
    void aFullPoolKeepsTheLargerBuffers() {
        FloatBufferPool pool = new FloatBufferPool(1);
        float[] small = new float[10], large = new float[1000];
        pool.give(small);
        pool.give(large);
        assertThat(pool.take(500)).isSameAs(large);
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> new FloatBufferPool(0)).hasMessageContaining("capacity");
        FloatBufferPool pool = new FloatBufferPool(1);
        assertThatThrownBy(() -> pool.take(-1)).hasMessageContaining("work buffer").hasMessageContaining("-1");
        assertThatThrownBy(() -> pool.take(1L << 33)).hasMessageContaining(Long.toString(1L << 33));
        assertThatThrownBy(() -> pool.give(null)).hasMessageContaining("buffer");
    }
}
