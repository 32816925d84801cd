package dev.lanewise.kernels;

/** The default number of threads kernels may use: all available cores unless {@code lanewise.threads} says otherwise. */
public final class KernelThreads {
    /** System property overriding the default thread count. */
    public static final String THREADS_PROPERTY = "lanewise.threads";

    private KernelThreads() {
    }

    /**
     * {@code lanewise.threads} if set (must be >= 1), else {@link Runtime#availableProcessors()}; read once, the
     * first time any kernel needs it. A bad value throws, naming the property, on every call.
     */
    public static int defaultCount() {
        if (Holder.COUNT_OR_ERROR instanceof Integer count) {
            return count;
        }
        throw new IllegalArgumentException((String) Holder.COUNT_OR_ERROR);
    }

    private static final class Holder {
        static final Object COUNT_OR_ERROR = read();

        private static Object read() {
            try {
                return parse();
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }
    }

    private static int parse() {
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
