package dev.lanewise.bench;

/**
 * A GEMM benchmark shape written {@code m x k x n : op}, op ∈ {NN, TN, NT, TT} (T = that operand transposed),
 * e.g. {@code 784x256x512:TN} is dW = Xᵀ·dZ. Stored operands are dense: lda, ldb = their row widths.
 */
record GemmShape(int m, int k, int n, boolean transA, boolean transB) {

    static GemmShape parse(String text) {
        String[] parts = text.split(":");
        String[] dims = parts[0].split("x");
        if (dims.length != 3 || parts.length > 2) {
            throw new IllegalArgumentException("shape: expected 'm x k x n[:NN|TN|NT|TT]', got '" + text + "'");
        }
        String op = parts.length == 2 ? parts[1] : "NN";
        if (!op.matches("[NT][NT]")) {
            throw new IllegalArgumentException("shape: transpose flags must be NN, TN, NT or TT, got '" + op + "'");
        }
        return new GemmShape(Integer.parseInt(dims[0].trim()), Integer.parseInt(dims[1].trim()),
                Integer.parseInt(dims[2].trim()), op.charAt(0) == 'T', op.charAt(1) == 'T');
    }

    int lda() {
        return transA ? m : k;
    }

    int ldb() {
        return transB ? k : n;
    }

    double flops() {
        return 2.0 * m * n * k;
    }

    /** Square with no transposes (what the strategy chart plots). */
    boolean isSquare() {
        return m == k && k == n && !transA && !transB;
    }
}
