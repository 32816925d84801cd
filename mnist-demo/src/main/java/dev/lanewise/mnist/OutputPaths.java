package dev.lanewise.mnist;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Output files ({@code --save}, {@code --metrics}, {@code --plot}, {@code --png}) are checked before data is
 * loaded or a model trained, so a run is never lost at its end to a path that cannot be written.
 */
final class OutputPaths {
    private OutputPaths() {
    }

    /** Throws a {@link UsageError} naming the option unless {@code path} (if given) can be created or replaced. */
    static void checkWritable(String option, Path path) {
        if (path == null) {
            return;
        }
        Path target = path.toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw new UsageError(option + " " + path + ": is a directory, expected a file name");
        }
        if (Files.exists(target) && !Files.isWritable(target)) {
            throw new UsageError(option + " " + path + ": the file exists and is not writable");
        }
        // The nearest existing ancestor decides: it must be a directory we may create entries in.
        Path ancestor = target.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null) {
            throw new UsageError(option + " " + path + ": no existing directory above it");
        }
        if (!Files.isDirectory(ancestor)) {
            throw new UsageError(option + " " + path + ": " + ancestor + " is a file, not a directory");
        }
        if (!Files.isWritable(ancestor)) {
            throw new UsageError(option + " " + path + ": directory " + ancestor + " is not writable");
        }
    }
}
