package dev.lanewise.kernels;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a probe's {@code main} in a child JVM of the test's own JDK, with the kernels and test classes on the class
 * path and no inherited {@code JAVA_TOOL_OPTIONS}. Output is read while the child runs, and a child that does not
 * finish in time is killed and reported as such — a hang fails the test instead of hanging the build.
 */
final class ChildJvm {
    record Run(boolean finished, int exitCode, String stdout, String stderr) {
    }

    private ChildJvm() {
    }

    /** The JVM arguments plus {@code -Dlanewise.vectorBits} of this test run, so the child uses the same species. */
    static List<String> withSpeciesOfThisRun(List<String> jvmArgs) {
        List<String> args = new ArrayList<>(jvmArgs);
        String bits = System.getProperty(Vectorization.VECTOR_BITS_PROPERTY);
        if (bits != null) {
            args.add("-D" + Vectorization.VECTOR_BITS_PROPERTY + "=" + bits);
        }
        return args;
    }

    static Run run(List<String> jvmArgs, Class<?> probe, int timeoutSeconds, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = location(Gemm.class) + File.pathSeparator + location(probe);
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", classPath, probe.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return new Run(finished, finished ? process.exitValue() : -1, stdout.get(10, TimeUnit.SECONDS),
                stderr.get(10, TimeUnit.SECONDS));
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, command -> Thread.ofVirtual().start(command));
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
