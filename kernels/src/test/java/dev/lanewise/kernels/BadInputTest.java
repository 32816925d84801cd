package dev.lanewise.kernels;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad arguments fail at the API edge, before any work, with a message naming the argument, expected and actual. */
class BadInputTest {
    final float[] a6 = new float[6];
    final float[] b6 = new float[6];
    final float[] c4 = new float[4];

    @Test
    void nullArraysThrowNullPointerExceptionNamingTheArgument() {
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 2, 2, 3, 1f, null, 0, 3, b6, 0, 2, 0f, c4, 0, 2))
                .isExactlyInstanceOf(NullPointerException.class).hasMessage("a: expected a value, got null");
        assertThatThrownBy(() -> Gemm.sgemm((GemmStrategy) null, 1, false, false, 2, 2, 3, 1f, a6, 0, 3, b6, 0, 2, 0f, c4, 0, 2))
                .isExactlyInstanceOf(NullPointerException.class).hasMessageStartingWith("strategy:");
        assertThatThrownBy(() -> Blas1.axpy(3, 1f, a6, 0, null, 0))
                .isExactlyInstanceOf(NullPointerException.class).hasMessageStartingWith("y:");
        assertThatThrownBy(() -> SoftmaxKernels.crossEntropy(1, 3, a6, 0, 3, null, 0, b6, 0, 3))
                .isExactlyInstanceOf(NullPointerException.class).hasMessageStartingWith("labels:");
        assertThatThrownBy(() -> Conv1dKernels.forward(null, a6, 0, b6, 0, c4, 0, c4, 0))
                .isExactlyInstanceOf(NullPointerException.class).hasMessageStartingWith("geometry:");
    }

    @Test
    void negativeSizesThrowIllegalArgumentException() {
        assertThatThrownBy(() -> Gemm.sgemm(false, false, -1, 2, 3, 1f, a6, 0, 3, b6, 0, 2, 0f, c4, 0, 2))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("m: expected >= 0, got -1");
        Conv1dGeometry g = new Conv1dGeometry(1, 1, 4, 1, 1, 1, 0, 1);
        assertThatThrownBy(() -> Conv1dKernels.forward(0, g, a6, 0, b6, 0, c4, 0, c4, 0))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("threads:");
        assertThatThrownBy(() -> Conv1dKernels.backwardWeight(-1, g, a6, 0, b6, 0, c4, 0))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("threads:");
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 2, 2, -3, 1f, a6, 0, 3, b6, 0, 2, 0f, c4, 0, 2))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("k: expected >= 0, got -3");
        assertThatThrownBy(() -> Activations.tanh(-2, a6, 0, b6, 0))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("n: expected >= 0, got -2");
        assertThatThrownBy(() -> Gemm.sgemm(GemmStrategy.AUTO, 0, false, false, 2, 2, 3, 1f, a6, 0, 3, b6, 0, 2,
                0f, c4, 0, 2))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("threads: expected >= 1, got 0");
    }

    /** The edge check throws IndexOutOfBoundsException itself, never an ArrayIndexOutOfBoundsException from a loop. */
    @Test
    void arraysTooShortThrowIndexOutOfBoundsFromTheEdgeCheck() {
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 2, 2, 3, 1f, a6, 0, 3, b6, 0, 2, 0f, new float[3], 0, 2))
                .isExactlyInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("c: 2x2 with leading dimension 2").hasMessageContaining("offC=0")
                .hasMessageContaining("needs 4").hasMessageContaining("length is 3");
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 2, 2, 3, 1f, a6, 1, 3, b6, 0, 2, 0f, c4, 0, 2))
                .isExactlyInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("offA=1");
        assertThatThrownBy(() -> Gemm.sgemm(true, false, 2, 2, 3, 1f, a6, 0, 3, b6, 0, 2, 0f, c4, 0, 2))
                .as("Aᵀ stored as k×m = 3×2 with lda 3 needs 8 elements")
                .isExactlyInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("a: 3x2");
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 2, 2, 3, 1f, a6, -1, 3, b6, 0, 2, 0f, c4, 0, 2))
                .isExactlyInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("offA=-1");
        assertThatThrownBy(() -> Blas1.axpy(5, 1f, a6, 2, b6, 0))
                .isExactlyInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("x: 5 elements");
        Conv1dGeometry g = new Conv1dGeometry(2, 1, 3, 1, 1, 1, 0, 1);
        assertThatThrownBy(() -> Conv1dKernels.forward(g, a6, 1, new float[1], 0, new float[1], 0, a6, 0))
                .isExactlyInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("x: 6 elements");
    }

    @Test
    void leadingDimensionBelowRowWidthThrowsIllegalArgumentException() {
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 2, 2, 3, 1f, a6, 0, 2, b6, 0, 2, 0f, c4, 0, 2))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("lda: expected >= max(1, row width 3), got 2");
        assertThatThrownBy(() -> Gemm.sgemm(false, true, 2, 2, 3, 1f, a6, 0, 3, b6, 0, 2, 0f, c4, 0, 2))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("ldb:");
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 2, 0, 3, 1f, a6, 0, 3, b6, 0, 1, 0f, c4, 0, 0))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("ldc:");
        assertThatThrownBy(() -> SoftmaxKernels.softmax(2, 3, a6, 0, 3, b6, 0, 2))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("ldy:");
    }

    @Test
    void convGeometryWithNoOutputThrowsIllegalArgumentException() {
        assertThatThrownBy(() -> new Conv1dGeometry(1, 1, 4, 1, 5, 1, 0, 1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("output length would be <= 0").hasMessageContaining("span 5");
        assertThatThrownBy(() -> new Conv1dGeometry(1, 1, 4, 1, 3, 1, 0, 2))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("dilation 2");
        assertThatThrownBy(() -> new Conv1dGeometry(1, 1, 4, 1, 3, 0, 0, 1))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("stride: expected >= 1, got 0");
    }

    @Test
    void labelsOutOfRangeThrowIllegalArgumentException() {
        assertThatThrownBy(() -> SoftmaxKernels.crossEntropy(2, 3, a6, 0, 3, new int[]{0, 5}, 0, b6, 0, 3))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("labels[1] (row 1): expected a class in [0, 3), got 5");
    }
}
