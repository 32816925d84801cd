package dev.lanewise.bench;

import java.util.Optional;

/** Loading the native peers (OpenBLAS, ONNX Runtime) and saying in one line why one cannot run here. */
final class Peers {
    private Peers() {
    }

    /** Runs {@code load}; a failure to link or initialize native code becomes its one-line reason. */
    static Optional<String> loadFailure(Runnable load) {
        try {
            load.run();
            return Optional.empty();
        } catch (LinkageError | RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String message = root.getMessage() == null ? "" : ": " + root.getMessage().lines().findFirst().orElse("");
            return Optional.of(root.getClass().getSimpleName() + message);
        }
    }
}
