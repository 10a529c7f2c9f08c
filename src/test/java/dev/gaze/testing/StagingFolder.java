package dev.gaze.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What a running or interrupted analysis has committed in its staging folder, seen from outside.
 */
public final class StagingFolder {

  private StagingFolder() {}

  /** The staging folder of a run writing to {@code out}. */
  public static Path of(Path out) {
    return out.resolveSibling("." + out.getFileName() + ".gaze-staging");
  }

  /** How many input partitions have committed rows of the inference table {@code partials}. */
  public static int committedSplits(Path out) throws IOException {
    Path table = of(out).resolve("partials");
    if (!Files.isDirectory(table)) {
      return 0;
    }
    int n = 0;
    try (Stream<Path> splits = Files.list(table)) {
      for (Path split :
          splits.filter(p -> p.getFileName().toString().startsWith("split=")).toList()) {
        try (Stream<Path> files = Files.list(split)) {
          n += files.anyMatch(f -> f.toString().endsWith(".parquet")) ? 1 : 0;
        }
      }
    }
    return n;
  }
}
