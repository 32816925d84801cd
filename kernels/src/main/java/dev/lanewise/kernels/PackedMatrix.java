package dev.lanewise.kernels;

import dev.lanewise.kernels.ops.KernelProvider;
import dev.lanewise.kernels.ops.PackedOperand;

/**
 * The B operand of {@code C = alpha·op(A)·B + beta·C}, packed once for many products that share it — a layer's
 * weights at inference, as MLAS and oneDNN pre-pack constant weights. The packed GEMM spends much of a small-batch
 * product repacking B (for {@code x·Wᵀ} at batch 8, three quarters of the time); with B packed ahead only A is
 * packed per call ({@link Gemm#sgemm(int, boolean, int, float, float[], int, int, PackedMatrix, float, float[], int, int)}).
 *
 * <p>Immutable and thread-safe: it holds its own copy of the values (changing the source array afterwards changes
 * nothing), in the layout of the kernels of this JVM (the micro-kernel's panels and the current
 * {@link GemmBlocking}). Where {@link #matchesAuto(int)} holds, a product against it returns exactly the bits of the
 * unpacked {@link GemmStrategy#AUTO} call on the source matrix, for any thread count.
 */
public final class PackedMatrix {
    private final PackedOperand packed;

    private PackedMatrix(PackedOperand packed) {
        this.packed = packed;
    }

    /**
     * Packs op(B), k×n: B is {@code b[offB + p·ldb + j]}, or {@code b[offB + j·ldb + p]} when {@code transB}
     * (a weight matrix [out, in] used as {@code x·Wᵀ} is {@code transB} with k = in, n = out, ldb = in).
     */
    public static PackedMatrix packB(boolean transB, int k, int n, float[] b, int offB, int ldb) {
        Checks.notNull(b, "b");
        Checks.nonNegative(k, "k");
        Checks.nonNegative(n, "n");
        int rows = transB ? n : k, cols = transB ? k : n;
        Checks.leadingDimension(ldb, cols, "ldb");
        Checks.matrixFits(b, offB, rows, cols, ldb, "b", "offB");
        return new PackedMatrix(KernelProvider.active().packB(transB, k, n, b, offB, ldb));
    }

    /** Rows of B: the k of the products. */
    public int k() {
        return packed.k();
    }

    /** Columns of B: the n of the products. */
    public int n() {
        return packed.n();
    }

    /**
     * Whether an m-row product against this matrix gives exactly the bits of {@link Gemm#sgemm(GemmStrategy, int,
     * boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int)}
     * with {@link GemmStrategy#AUTO} on the matrix it was packed from (that is, when AUTO would run the packed
     * strategy with this packing; small m or n take other strategies there). A caller that wants those bits
     * whatever m is uses the packed product where this holds and the unpacked one elsewhere, as lanewise's
     * {@code Linear} layer does.
     */
    public boolean matchesAuto(int m) {
        Checks.nonNegative(m, "m");
        return packed.matchesAuto(m);
    }

    PackedOperand operand() {
        return packed;
    }

    @Override
    public String toString() {
        return "PackedMatrix[" + k() + " x " + n() + "]";
    }
}
