package dev.lanewise.kernels;

/** The default number of threads kernels may use: all available cores unless {@code lanewise.threads} says otherwise. */
public final class Threads {
    /** System property overriding the default thread count. */
    public static final String THREADS_PROPERTY = "lanewise.threads";

    private Threads() {
    }

    /** {@code lanewise.threads} if set (must be >= 1), else {@link Runtime#availableProcessors()}. */
    public static int defaultCount() {
        String value = System.getProperty(THREADS_PROPERTY);
        if (value == null || value.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        int threads;
        try {
            threads = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(THREADS_PROPERTY + ": expected an integer >= 1, got '" + value + "'", e);
        }
        if (threads < 1) {
            throw new IllegalArgumentException(THREADS_PROPERTY + ": expected an integer >= 1, got " + threads);
        }
        return threads;
    }
}
