package dev.gaze.cli;

import dev.gaze.config.InvalidInputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** {@code gaze}: the command-line entry point. */
@Command(
    name = "gaze",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "What does the model look at? Per-class feature-map statistics of a whole image dataset, computed with hooked inference on Spark, written as Parquet and rendered as heatmaps.",
    subcommands = {
      DemoCommand.class,
      AnalyzeCommand.class,
      RenderCommand.class,
      MergeCommand.class,
      ModelsCommand.class,
      ImportCommand.class,
      TrainCommand.class,
      BenchCommand.class,
      SynthCommand.class,
      DoctorCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  /** Exit code for a wrong argument: nothing was started and nothing was written. */
  public static final int EXIT_USAGE = 2;

  /** Exit code for a run that started and failed. */
  public static final int EXIT_FAILED = 1;

  private static final VersionProvider VERSIONS = new VersionProvider();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required; see gaze --help");
  }

  /** Builds the command line with Gaze's one-line error handling. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    // `gaze analyze --version` prints what `gaze --version` does (subcommands have -V too)
    cli.getSubcommands().values().forEach(c -> c.getCommandSpec().versionProvider(VERSIONS));
    cli.setParameterExceptionHandler(Main::usageError);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof InvalidInputException) {
            return usageError(new ParameterException(commandLine, e.getMessage(), e), null);
          }
          PrintWriter err = commandLine.getErr();
          err.println(commandLine.getCommandName() + " failed: " + Errors.oneLine(e));
          if (System.getenv("GAZE_DEBUG") != null) {
            e.printStackTrace(err);
          } else {
            err.println("(set GAZE_DEBUG=1 for the stack trace)");
          }
          err.flush();
          return EXIT_FAILED;
        });
    return cli;
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String message = e.getMessage();
    if (e instanceof UnmatchedArgumentException unmatched
        && cmd.getParent() == null
        && !unmatched.getUnmatched().isEmpty()
        && !unmatched.getUnmatched().get(0).startsWith("-")) {
      message =
          "unknown command '"
              + unmatched.getUnmatched().get(0)
              + "'; valid: "
              + String.join(", ", cmd.getSubcommands().keySet());
    }
    err.println(qualifiedName(cmd) + ": " + message + " (see " + qualifiedName(cmd) + " --help)");
    err.flush();
    return EXIT_USAGE;
  }

  private static String qualifiedName(CommandLine cmd) {
    return cmd.getParent() == null ? cmd.getCommandName() : "gaze " + cmd.getCommandName();
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    int code = commandLine().execute(args);
    System.exit(code);
  }
}
