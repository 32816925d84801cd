package dev.lanewise.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What {@code mvn -pl bench jmh:run} runs: JMH with the user's command line ({@code -Djmh.args}), then the
 * summary (printed and written to {@code jmh-summary.md}), JMH's JSON ({@code jmh-result.json}) and the GEMM
 * strategy chart ({@code gemm-strategies.png}) in the output directory.
 *
 * <p>Launcher options: {@code --output-dir DIR}, {@code --quick} (one fork, 2 × 0.3 s warm-up and 3 × 0.3 s
 * measurement, unless the JMH arguments set those), {@code --jmh-args "…"} (any JMH command line). The FMA
 * peak benchmark is always added when the selection does not include it, so GEMM rows can report their
 * fraction of this machine's peak; the {@link GemmTune} sweep runs only when selected by name.
 */
public final class BenchLauncher {
    private static final String VECTOR_MODULE_ARG = "--add-modules=jdk.incubator.vector";
    /** The native peers (JavaCPP's OpenBLAS, ONNX Runtime) load libraries from the class path. */
    private static final String NATIVE_ACCESS_ARG = "--enable-native-access=ALL-UNNAMED";
    private static final String UNSAFE_ACCESS_ARG = "--sun-misc-unsafe-memory-access=allow";

    private BenchLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Path outputDir = Path.of("target");
        boolean quick = false;
        String jmhArgs = "";
        Path compare = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--output-dir" -> outputDir = Path.of(requireValue(args, ++i, "--output-dir"));
                case "--quick" -> quick = true;
                case "--jmh-args" -> jmhArgs = requireValue(args, ++i, "--jmh-args");
                case "--compare" -> compare = Path.of(requireValue(args, ++i, "--compare"));
                default -> {
                    System.err.println("bench launcher: unknown option '" + args[i]
                            + "'; expected --output-dir DIR, --quick, --jmh-args \"JMH command line\","
                            + " --compare OLD.json");
                    System.exit(2);
                }
            }
        }
        if (compare != null && !Files.isRegularFile(compare)) {
            System.err.println("bench launcher: jmh.compare: " + compare + " is not a JMH JSON result file");
            System.exit(2);
        }
        System.exit(run(outputDir, quick, CommandLine.split(jmhArgs), compare));
    }

    private static String requireValue(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println("bench launcher: " + option + " needs a value");
            System.exit(2);
        }
        return args[i];
    }

    static int run(Path outputDir, boolean quick, List<String> jmhArgs) throws IOException, RunnerException {
        return run(outputDir, quick, jmhArgs, null);
    }

    static int run(Path outputDir, boolean quick, List<String> jmhArgs, Path compare)
            throws IOException, RunnerException {
        CommandLineOptions cmd;
        try {
            cmd = new CommandLineOptions(jmhArgs.toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            System.err.println("jmh.args: " + e.getMessage());
            return 2;
        }
        if (cmd.shouldHelp() || cmd.shouldList() || cmd.shouldListWithParams() || cmd.shouldListProfilers()
                || cmd.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(jmhArgs.toArray(String[]::new));
            return 0;
        }
        Files.createDirectories(outputDir);
        Path json = outputDir.resolve("jmh-result.json");
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cmd);
        if (cmd.getIncludes().isEmpty()) {
            // "Everything" means every kernel suite; the tuning sweep runs only when asked for by name.
            options.exclude(GemmTune.class.getSimpleName());
            if (quick) {
                // Quick mode overrides iteration counts, which would make the cold-start shots warm.
                options.exclude(ColdStartBench.class.getSimpleName());
            }
        } else {
            if (cmd.getIncludes().stream().noneMatch(p -> p.contains("PeakFlops"))) {
                options.include(PeakFlops.class.getSimpleName());
            }
            // The GEMM chart's memory roof.
            if (cmd.getIncludes().stream().anyMatch(p -> p.contains("Gemm"))
                    && cmd.getIncludes().stream().noneMatch(p -> p.contains("MemoryBandwidth"))) {
                options.include(MemoryBandwidth.class.getSimpleName());
            }
        }
        if (!cmd.getResult().hasValue()) {
            options.result(json.toString());
        }
        if (!cmd.getResultFormat().hasValue()) {
            options.resultFormat(ResultFormatType.JSON);
        }
        // Forks start with the user's -jvmArgs, else (JMH's default) this JVM's own arguments, which the plugin
        // started with the module and native-access flags; append a required flag only when neither has it, so
        // the forks' options hold each once (the suites' own @Fork flags are for runs without this launcher).
        List<String> base = cmd.getJvmArgs().hasValue() ? List.copyOf(cmd.getJvmArgs().get())
                : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> appended = new ArrayList<>(cmd.getJvmArgsAppend().orElse(List.of()));
        List<String> requiredArgs = new ArrayList<>(List.of(VECTOR_MODULE_ARG, NATIVE_ACCESS_ARG));
        if (Runtime.version().feature() >= 23) {
            // JEP 498's documented switch: JMH calls sun.misc.Unsafe, which prints four warning lines per JVM.
            requiredArgs.add(UNSAFE_ACCESS_ARG);
        }
        for (String required : requiredArgs) {
            if (!base.contains(required) && !appended.contains(required)) {
                appended.add(required);
            }
        }
        options.jvmArgsAppend(appended.toArray(String[]::new));
        List<String> jvmArgs = new ArrayList<>(base);
        jvmArgs.addAll(appended);
        options.addProfiler(PeakRssProfiler.class);
        // Bytes allocated per operation (JMH's gc profiler reads the JVM's per-thread counters each iteration: cheap).
        options.addProfiler(org.openjdk.jmh.profile.GCProfiler.class);
        dropUnavailablePeer(cmd, options, GemmBench.class, "strategy", GemmVariant.OPENBLAS.name(),
                names(GemmVariant.values()), "OpenBLAS", OpenBlasGemm::unavailable);
        dropUnavailablePeer(cmd, options, InferenceBench.class, "runtime", InferenceRuntime.ONNXRUNTIME.name(),
                names(InferenceRuntime.values()), "ONNX Runtime", OrtMlp::unavailable);
        if (quick) {
            applyQuickMode(cmd, options);
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        return report(outputDir, results, cmd.getResult().orElse(json.toString()), quick, jvmArgs, compare);
    }

    /**
     * Leaves a peer's rows out of the run, with one line saying why, when its natives cannot load in this JVM: the
     * {@code param} values (the user's {@code -p}, else all) lose {@code peer}; a suite left with none is excluded.
     */
    static void dropUnavailablePeer(CommandLineOptions cmd, ChainedOptionsBuilder options, Class<?> suite,
                                    String param, String peer, List<String> allValues, String peerName,
                                    java.util.function.Supplier<java.util.Optional<String>> unavailable) {
        var given = cmd.getParameter(param);
        List<String> values = new ArrayList<>(given.hasValue() ? given.get() : allValues);
        if (!values.contains(peer)) {
            return;
        }
        java.util.Optional<String> why = unavailable.get();
        if (why.isEmpty()) {
            return;
        }
        values.remove(peer);
        System.out.println(peerName + " rows skipped (" + suite.getSimpleName() + " " + param + "=" + peer
                + "): its native library did not load: " + why.get());
        if (values.isEmpty()) {
            options.exclude(suite.getSimpleName());
        } else {
            options.param(param, values.toArray(String[]::new));
        }
    }

    private static List<String> names(Enum<?>[] values) {
        return java.util.Arrays.stream(values).map(Enum::name).toList();
    }

    private static void applyQuickMode(CommandLineOptions cmd, ChainedOptionsBuilder options) {
        if (!cmd.getForkCount().hasValue()) {
            options.forks(1);
        }
        if (!cmd.getWarmupIterations().hasValue()) {
            options.warmupIterations(2);
        }
        if (!cmd.getWarmupTime().hasValue()) {
            options.warmupTime(TimeValue.milliseconds(300));
        }
        if (!cmd.getMeasurementIterations().hasValue()) {
            options.measurementIterations(3);
        }
        if (!cmd.getMeasurementTime().hasValue()) {
            options.measurementTime(new TimeValue(300, TimeUnit.MILLISECONDS));
        }
    }

    private static int report(Path outputDir, Collection<RunResult> results, String jsonPath, boolean quick,
                              List<String> jvmArgs, Path compare) throws IOException {
        if (results.isEmpty()) {
            System.err.println("No benchmark matched the selection; list them with -Djmh.args=\"-l\".");
            return 1;
        }
        List<Measurement> measurements = results.stream().map(Measurement::of).toList();
        Summary summary = new Summary(measurements);
        RunEnvironment environment = RunEnvironment.capture(quick, jvmArgs, summary);
        String markdown = summary.markdown(environment.markdown());
        Path jsonFile = Path.of(jsonPath);
        environment.write(jsonFile.toAbsolutePath().getParent());
        Path md = outputDir.resolve("jmh-summary.md");
        Files.writeString(md, markdown, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(markdown);
        System.out.println("JMH results (JSON): " + jsonPath);
        System.out.println("Summary (Markdown): " + md);
        Path png = outputDir.resolve("gemm-strategies.png");
        if (GemmChart.write(summary.gemmSquares(), summary.peak(false), summary.bandwidth().map(Measurement::rate),
                png)) {
            System.out.println("GEMM strategy chart: " + png);
        }
        Path scaling = outputDir.resolve("gemm-scaling.png");
        if (GemmChart.writeScaling(summary.gemmScaling(), scaling)) {
            System.out.println("GEMM thread-scaling chart: " + scaling);
        }
        if (compare != null) {
            String comparison = RunComparison.of(compare, jsonFile).markdown();
            Path out = outputDir.resolve("jmh-compare.md");
            Files.writeString(out, comparison, StandardCharsets.UTF_8);
            System.out.println();
            System.out.println(comparison);
            System.out.println("Comparison (Markdown): " + out);
        }
        return 0;
    }
}
