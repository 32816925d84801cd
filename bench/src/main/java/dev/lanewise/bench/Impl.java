package dev.lanewise.bench;

/** The {@code impl} parameter every non-GEMM benchmark has: the vector kernel or its scalar reference twin. */
final class Impl {
    static final String VECTOR = "vector";
    static final String SCALAR = "scalar";

    private Impl() {
    }

    static boolean isScalar(String impl) {
        return switch (impl) {
            case SCALAR -> true;
            case VECTOR -> false;
            default -> throw new IllegalArgumentException("impl: expected 'vector' or 'scalar', got '" + impl + "'");
        };
    }
}
