package dev.gaze.cli;

import dev.gaze.model.BuiltinModels;
import dev.gaze.model.ModelInfo;
import dev.gaze.model.TapSpec;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gaze models}: the built-in models and their taps. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "List the built-in models, their input and their taps with per-image shapes.")
final class ModelsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    for (ModelInfo model : BuiltinModels.all()) {
      out.printf("%s  %s%n", model.name(), model.description());
      out.printf("  input   %s%n", model.input());
      out.printf("  classes %d%n", model.numClasses());
      for (TapSpec tap : model.taps()) {
        out.printf(
            "  tap     %-10s %s %s%n",
            tap.name(),
            tap.kind().name().toLowerCase(java.util.Locale.ROOT),
            Arrays.toString(tap.shape()));
      }
    }
    out.flush();
    return 0;
  }
}
