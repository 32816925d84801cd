package dev.lanewise.kernels.simd;

/**
 * The register tiles the packed GEMM has a micro-kernel for, each bound to its kernel (as BLIS registers a
 * micro-kernel together with its MR and NR): adding a tile is adding a constant here, and nothing else can get out
 * of step. {@code rows} is MR; {@code vectors} is NR in vectors of the species in use (NR = vectors · lanes).
 */
public enum MicroKernel {
    /** 6 rows × 2 vectors: 12 accumulators, the default (fits the 16 vector registers of AVX2 with room to spare). */
    ROWS_6_VECTORS_2(6, 2) {
        @Override
        void run(int kc, float[] ap, int a0, float[] bp, int b0, float alpha, float beta, float[] c, int c0, int ldc) {
            MicroKernels.kernel6x2(kc, ap, a0, bp, b0, alpha, beta, c, c0, ldc);
        }

        @Override
        void runFirstVector(int kc, float[] ap, int a0, float[] bp, int b0, float[] tile) {
            EdgeKernels.rows6(kc, ap, a0, bp, b0, vectors() * Lanes.L, tile);
        }
    },
    /** 8 rows × 2 vectors: 16 accumulators, for the 32 registers of AVX-512. */
    ROWS_8_VECTORS_2(8, 2) {
        @Override
        void run(int kc, float[] ap, int a0, float[] bp, int b0, float alpha, float beta, float[] c, int c0, int ldc) {
            MicroKernels.kernel8x2(kc, ap, a0, bp, b0, alpha, beta, c, c0, ldc);
        }

        @Override
        void runFirstVector(int kc, float[] ap, int a0, float[] bp, int b0, float[] tile) {
            EdgeKernels.rows8(kc, ap, a0, bp, b0, vectors() * Lanes.L, tile);
        }
    },
    /** 4 rows × 3 vectors: 12 accumulators, wider B panels. */
    ROWS_4_VECTORS_3(4, 3) {
        @Override
        void run(int kc, float[] ap, int a0, float[] bp, int b0, float alpha, float beta, float[] c, int c0, int ldc) {
            MicroKernels.kernel4x3(kc, ap, a0, bp, b0, alpha, beta, c, c0, ldc);
        }

        @Override
        void runFirstVector(int kc, float[] ap, int a0, float[] bp, int b0, float[] tile) {
            EdgeKernels.rows4(kc, ap, a0, bp, b0, vectors() * Lanes.L, tile);
        }
    };

    private final int rows;
    private final int vectors;

    MicroKernel(int rows, int vectors) {
        this.rows = rows;
        this.vectors = vectors;
    }

    public int rows() {
        return rows;
    }

    public int vectors() {
        return vectors;
    }

    /** The kernel of an {@code mr × nr} tile at {@code lanes} float lanes, or null when there is none. */
    public static MicroKernel of(int mr, int nr, int lanes) {
        if (lanes < 1 || nr % lanes != 0) {
            return null;
        }
        for (MicroKernel k : values()) {
            if (k.rows == mr && k.vectors == nr / lanes) {
                return k;
            }
        }
        return null;
    }

    /**
     * C[c0 + r·ldc + j] = alpha·(A·B)[r, j] + beta·C (beta == 0 never reads C) for the MR×NR tile of one packed
     * A panel ({@code ap[a0 + p·MR + r]}) and one packed B panel ({@code bp[b0 + p·NR + j]}), p = 0..kc−1.
     */
    abstract void run(int kc, float[] ap, int a0, float[] bp, int b0, float alpha, float beta, float[] c, int c0,
                      int ldc);

    /**
     * The raw A·B of the panel's first vector of columns (alpha 1, beta 0) into {@code tile}, rows NR apart: for an
     * edge panel holding at most one vector of real columns. The same bits as those columns of {@link #run}.
     */
    abstract void runFirstVector(int kc, float[] ap, int a0, float[] bp, int b0, float[] tile);
}
