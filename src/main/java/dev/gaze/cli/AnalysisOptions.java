package dev.gaze.cli;

import dev.gaze.config.AnalysisConfig;
import dev.gaze.config.InvalidInputException;
import dev.gaze.model.Precision;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of {@code analyze}, turned into an {@link AnalysisConfig}. */
final class AnalysisOptions {

  @Option(
      names = "--data",
      required = true,
      paramLabel = "PATH",
      description =
          "Dataset: WebDataset shards (folder, glob or brace pattern like"
              + " train-{000000..000146}.tar), an ImageFolder root, or Parquet files.")
  String data;

  @Option(
      names = "--format",
      defaultValue = "webdataset",
      paramLabel = "FORMAT",
      description = "webdataset, imagefolder or parquet (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--model",
      defaultValue = AnalysisConfig.DEFAULT_MODEL,
      description =
          "Built-in model name (see `gaze models`), or a .pt file written by"
              + " tools/export_hooked.py with its .manifest.json beside it (default:"
              + " ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--verify",
      description =
          "With an exported .pt model: recompute its golden outputs on the CPU before the run and"
              + " stop if they differ.")
  boolean verify;

  @Option(
      names = "--taps",
      split = ",",
      paramLabel = "TAP",
      description = "Comma-separated taps to reduce (default: every tap of the model).")
  List<String> taps;

  @Option(
      names = "--batch-size",
      defaultValue = "" + AnalysisConfig.DEFAULT_BATCH_SIZE,
      description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--partitions",
      defaultValue = "0",
      description =
          "Input partitions; 0 = one per WebDataset shard, or a few per core for ImageFolder"
              + " (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--max-pixels",
      defaultValue = "" + AnalysisConfig.DEFAULT_MAX_PIXELS,
      description =
          "Refuse, from the header, images with more pixels than this (default: ${DEFAULT-VALUE},"
              + " as Pillow).")
  long maxPixels;

  @Option(
      names = "--classes",
      paramLabel = "FILE",
      description =
          "classes.txt (one name a line) or classes.json naming the classes (default: the"
              + " folder names, or a classes.txt/classes.json beside the data).")
  String classes;

  @Option(
      names = "--image-column",
      defaultValue = "image",
      description =
          "Parquet: the image column, binary or struct with bytes (default: ${DEFAULT-VALUE}).")
  String imageColumn;

  @Option(
      names = "--label-column",
      defaultValue = "label",
      description = "Parquet: the integer label column (default: ${DEFAULT-VALUE}).")
  String labelColumn;

  @Option(
      names = "--keep-per-image",
      description = "Also keep the per-image table as per_image/ in the output.")
  boolean keepPerImage;

  @Option(
      names = "--precision",
      defaultValue = "fp32",
      paramLabel = "P",
      description =
          "fp32, or fp16 (GPUs only: needs --require-gpu); bf16 is refused (default:"
              + " ${DEFAULT-VALUE}).")
  String precision;

  @Option(
      names = "--require-gpu",
      description =
          "Fail at once when a task gets no GPU or the engine has no CUDA, instead of running on"
              + " the CPU (also: --conf spark.gaze.requireGpu=true).")
  boolean requireGpu;

  @Option(
      names = "--decode-threads",
      defaultValue = "auto",
      paramLabel = "N",
      description =
          "Threads per task decoding the next batches while one runs; 0 = on the task thread,"
              + " auto = the executor's cores per running task (default: ${DEFAULT-VALUE}).")
  String decodeThreads;

  /** The validated configuration writing to {@code out}. */
  AnalysisConfig toConfig(String out, boolean overwrite, boolean resume) {
    return AnalysisConfig.builder(data)
        .format(format)
        .model(model)
        .taps(taps)
        .batchSize(batchSize)
        .partitions(partitions)
        .maxPixels(maxPixels)
        .classNames(classes)
        .imageColumn(imageColumn)
        .labelColumn(labelColumn)
        .out(out)
        .overwrite(overwrite)
        .resume(resume)
        .keepPerImage(keepPerImage)
        .precision(parsePrecision(precision))
        .requireGpu(requireGpu)
        .verifyModel(verify)
        .decodeThreads(parseDecodeThreads(decodeThreads))
        .build();
  }

  private static int parseDecodeThreads(String text) {
    if (text.equals("auto")) {
      return -1;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          "--decode-threads '" + text + "' is not valid; give auto or 0 to 64", e);
    }
  }

  private static Precision parsePrecision(String text) {
    try {
      return Precision.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
  }
}
