package dev.lanewise.mnist;

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
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getColorScheme().errorText("error: " + e.getMessage()));
            return 1;
        });
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (train, evaluate, predict, sweep, fit-sine)");
    }
}
