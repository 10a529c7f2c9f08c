package dev.gaze.cli;

import ai.djl.engine.Engine;
import dev.gaze.model.BuiltinModels;
import dev.gaze.train.DemoTrainer;
import dev.gaze.train.TrainingResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gaze train}: train a built-in demo model on Fashion-MNIST, on the CPU. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a built-in demo model on Fashion-MNIST (CPU).",
      "",
      "Train the built-in demo-cnn (or, with --model, demo-vit) on the 60,000 Fashion-MNIST training images (IDX files of the Debian package dataset-fashion-mnist), report top-1 on the 10,000 test images, and save the parameters. The committed weights of both demo models were made with this command."
    })
final class TrainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin IdxDirOption idx;

  @Option(
      names = "--model",
      defaultValue = "demo-cnn",
      description =
          "The built-in model to train: demo-cnn or demo-vit (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--epochs",
      defaultValue = "3",
      description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--batch-size",
      defaultValue = "128",
      description = "Training batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Where to save the parameters (.params).")
  Path out;

  @Override
  public Integer call() {
    Usage.check(spec, this::validate);
    try {
      TrainingResult result = DemoTrainer.train(model, idx.idxDir, epochs, batchSize, seed, out);
      Path parent = out.toAbsolutePath().getParent();
      Files.writeString(
          parent.resolve("training.json"),
          result.toJson(Engine.getEngine("PyTorch").getVersion(), Engine.getDjlVersion()),
          StandardCharsets.UTF_8);
      spec.commandLine()
          .getOut()
          .printf(
              Locale.ROOT,
              "Trained %s: %d epochs in %.0f s, test top-1 %.2f%%, saved %s and training.json%n",
              result.model(),
              result.epochs(),
              result.seconds(),
              100 * result.testTop1(),
              out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return 0;
  }

  private Void validate() {
    BuiltinModels.require(model);
    idx.require("train");
    idx.require("test");
    if (epochs < 1 || batchSize < 1) {
      throw new IllegalArgumentException("--epochs and --batch-size must be at least 1");
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new IllegalArgumentException("--out " + out + ": folder " + parent + " does not exist");
    }
    return null;
  }
}
