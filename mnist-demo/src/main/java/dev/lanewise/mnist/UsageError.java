package dev.lanewise.mnist;

/** A bad option value or output path, found before any work: printed as one line with a hint to --help, exit 2. */
final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
        super(message);
    }
}
