package dev.lanewise.bench;

/** An m×n benchmark shape written {@code m x n}, e.g. {@code 4096x1000}. */
record MatrixShape(int m, int n) {

    static MatrixShape parse(String text) {
        String[] dims = text.split("x");
        if (dims.length != 2) {
            throw new IllegalArgumentException("shape: expected 'm x n', got '" + text + "'");
        }
        return new MatrixShape(Integer.parseInt(dims[0].trim()), Integer.parseInt(dims[1].trim()));
    }

    int elements() {
        return m * n;
    }
}
