package dev.lanewise.kernels;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Guards against a vacuous suite: the vector path is really in use, at the width the build asked for. */
class VectorizationTest {

    @Test
    void vectorPathIsActiveAtTheRequestedWidth() {
        assertThat(Vectorization.isEnabled()).as("tests run with --add-modules jdk.incubator.vector").isTrue();
        String requested = System.getProperty(Vectorization.VECTOR_BITS_PROPERTY);
        if (requested != null) {
            assertThat(Vectorization.vectorBits()).isEqualTo(Integer.parseInt(requested));
        } else {
            assertThat(Vectorization.vectorBits()).isEqualTo(
                    jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize());
        }
        assertThat(Vectorization.floatLanes()).isEqualTo(Vectorization.vectorBits() / 32);
        assertThat(dev.lanewise.kernels.simd.Lanes.L).isEqualTo(Vectorization.floatLanes());
        System.out.println("kernel suite species: " + Vectorization.describe());
    }
}
