package dev.lanewise.mnist;

import dev.lanewise.kernels.Warmup;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mnist-demo <command> [options]}: train, evaluate, predict, sweep, fit-sine. */
@Command(name = "mnist-demo", mixinStandardHelpOptions = true, version = "lanewise mnist-demo 0.1.0",
        description = "Train and evaluate neural networks on MNIST with lanewise (pure Java, Vector API).",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, SweepCommand.class,
                FitSineCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // The kernels' JIT warm-up needs no data: it runs while picocli parses and the dataset loads (issue 13).
        // -Dmnist-demo.warmup=false turns it off (to measure what it buys).
        if (!"false".equals(System.getProperty("mnist-demo.warmup"))) {
            Warmup.start();
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getColorScheme().errorText("error: " + describe(e)));
            if (e instanceof UsageError) {
                commandLine.getErr().println("try '" + commandLine.getCommandSpec().qualifiedName() + " --help'");
                return 2;
            }
            return 1;
        });
        // A bad command line: one line saying what is wrong and where to look, not the whole usage text.
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine where = e.getCommandLine();
            where.getErr().println(where.getColorScheme().errorText("error: " + e.getMessage()));
            where.getErr().println("try '" + where.getCommandSpec().qualifiedName() + " --help'");
            return 2;
        });
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (train, evaluate, predict, sweep, fit-sine)");
    }

    /** What went wrong, in words: a file system error names the file and the problem, never just a bare path. */
    static String describe(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException f) {
            return f.getFile() + ": no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        if (e instanceof java.nio.file.NotDirectoryException f) {
            return f.getFile() + ": not a directory";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException f) {
            return f.getFile() + ": already exists";
        }
        if (e instanceof java.nio.file.FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : e.getClass().getSimpleName());
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getCause() != null && e.getCause() != e ? describe(e.getCause()) : e.getClass().getSimpleName();
        }
        return message;
    }
}
