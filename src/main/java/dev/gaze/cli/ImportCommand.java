package dev.gaze.cli;

import dev.gaze.source.FashionMnistImport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gaze import}: Fashion-MNIST IDX files to WebDataset shards. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Convert Fashion-MNIST IDX files to WebDataset shards.",
      "",
      "Convert a Fashion-MNIST split from its IDX files (Debian package dataset-fashion-mnist) into WebDataset .tar.gz shards (<split>-NNNNNN.tar.gz, one .png and .cls per image) and classes.txt. The output is byte-identical for the same input."
    })
final class ImportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin IdxDirOption idx;

  @Option(
      names = "--split",
      defaultValue = "test",
      description = "test (10,000 images) or train (60,000) (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(
      names = "--per-shard",
      defaultValue = "" + FashionMnistImport.DEFAULT_PER_SHARD,
      description = "Images per shard (default: ${DEFAULT-VALUE}).")
  int perShard;

  @Override
  public Integer call() {
    Usage.check(spec, this::validate);
    try {
      List<Path> shards = FashionMnistImport.convertDir(idx.idxDir, split, out, perShard);
      spec.commandLine().getOut().printf("Wrote %d shards to %s%n", shards.size(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return 0;
  }

  private Void validate() {
    if (!split.equals("test") && !split.equals("train")) {
      throw new IllegalArgumentException("unknown --split '" + split + "'; valid: test, train");
    }
    idx.require(split);
    if (perShard < 1) {
      throw new IllegalArgumentException("--per-shard " + perShard + " must be at least 1");
    }
    return null;
  }
}
