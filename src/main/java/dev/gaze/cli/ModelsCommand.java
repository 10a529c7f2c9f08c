package dev.gaze.cli;

import ai.djl.Device;
import dev.gaze.config.InvalidInputException;
import dev.gaze.model.BuiltinModels;
import dev.gaze.model.ExportManifest;
import dev.gaze.model.ExportedModels;
import dev.gaze.model.HookedModel;
import dev.gaze.model.ModelInfo;
import dev.gaze.model.TapSpec;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gaze models}: the built-in models and their taps, or one exported model's. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = {
      "List the built-in models, their input and their taps with per-image shapes.",
      "With --inspect FILE.pt: the same for a model written by tools/export_hooked.py, from its"
          + " manifest (checked against the file); --verify also loads it and compares its"
          + " outputs on the golden input."
    })
final class ModelsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--inspect",
      paramLabel = "FILE.pt",
      description = "An exported TorchScript file, its .manifest.json beside it.")
  String inspect;

  @Option(
      names = "--verify",
      description = "With --inspect: load the model and check its golden outputs.")
  boolean verify;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (inspect == null) {
      if (verify) {
        throw new InvalidInputException("--verify needs --inspect FILE.pt");
      }
      BuiltinModels.all().forEach(model -> print(out, model));
      out.flush();
      return 0;
    }
    if (!ExportedModels.isExported(inspect)) {
      throw new InvalidInputException(
          "--inspect " + inspect + " is not a .pt file written by tools/export_hooked.py");
    }
    Configuration conf = new Configuration();
    ExportManifest manifest;
    try {
      manifest = ExportedModels.manifest(inspect, conf);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
    print(out, ExportedModels.info(inspect, manifest));
    out.printf("  source  %s, sha256 %s%n", manifest.source(), manifest.sha256());
    out.printf(
        "  names   %s%n",
        manifest.imageNet1k()
            ? "imagenet-1k"
            : manifest.classNames().isEmpty() ? "none" : manifest.classNames().size() + " listed");
    if (verify) {
      try (HookedModel model = ExportedModels.load(inspect, Device.cpu(), true, conf)) {
        out.printf(
            "  verify  ok: logits and %d taps match the golden outputs%n",
            model.info().taps().size());
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(e.getMessage(), e);
      }
    }
    out.flush();
    return 0;
  }

  private static void print(PrintWriter out, ModelInfo model) {
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
}
