package dev.gaze.cli;

import dev.gaze.synth.PhotoCrops;
import dev.gaze.synth.SynthFormat;
import dev.gaze.synth.SynthShards;
import dev.gaze.synth.SynthSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gaze synth}: synthetic ImageNet-like JPEG shards, deterministic from a seed. */
@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    description = {
      "Write synthetic ImageNet-like JPEG shards.",
      "",
      "Write N JPEG images of K classes (class-dependent shapes, colours and textures, plus noise; random sizes and JPEG qualities) as WebDataset shards synth-NNNNNN.tar with classes.txt, for benchmarks and scale tests. The same options and seed give byte-identical shards.",
      "",
      "With --photos DIR the images are random crops of the JPEG/PNG photos in DIR, rescaled to the drawn size, one class per photo (named by its file). --format imagefolder writes DIR/<class>/<key>.jpg; --format parquet writes synth-NNNNNN.parquet files (columns __key__, image, label) with classes.txt."
    })
final class SynthCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--images",
      defaultValue = "1000",
      description = "Images (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(
      names = "--classes",
      paramLabel = "K",
      description = "Classes; image i has class i mod K (default: 10; with --photos, one a photo).")
  Integer classes;

  @Option(
      names = "--photos",
      paramLabel = "DIR",
      description =
          "Make the images from the JPEG/PNG photos in DIR (random crops and rescales; class = photo) instead of drawing them, e.g. ~/.cache/gaze/photos.")
  Path photos;

  @Option(
      names = "--format",
      defaultValue = "webdataset",
      paramLabel = "FORMAT",
      description = "webdataset, imagefolder or parquet (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--shards",
      paramLabel = "N",
      description = "Number of shards (instead of --per-shard).")
  Integer shards;

  @Option(
      names = "--per-shard",
      paramLabel = "N",
      description = "Images per shard (default: 1000).")
  Integer perShard;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--min-side",
      defaultValue = "300",
      description = "Shortest image side, pixels (default: ${DEFAULT-VALUE}).")
  int minSide;

  @Option(
      names = "--max-side",
      defaultValue = "500",
      description = "Longest image side, pixels (default: ${DEFAULT-VALUE}).")
  int maxSide;

  @Option(
      names = "--quality",
      defaultValue = "75-95",
      paramLabel = "Q|LO-HI",
      description = "JPEG quality, or a range each image draws from (default: ${DEFAULT-VALUE}).")
  String quality;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Output folder; must not exist or be empty.")
  Path out;

  @Override
  public Integer call() {
    SynthSpec synth = Usage.check(spec, this::validate);
    SynthFormat layout = SynthFormat.parse(format);
    PhotoCrops crops = photos == null ? null : Usage.check(spec, () -> PhotoCrops.load(photos));
    long t0 = System.nanoTime();
    try {
      List<Path> written = SynthShards.write(synth, crops, layout, out);
      spec.commandLine()
          .getOut()
          .printf(
              "Wrote %d %s of %d classes as %s (%d %s) to %s (%.1f s)%n",
              synth.images(),
              crops == null ? "synthetic images" : "photo crops",
              crops == null ? synth.classes() : crops.size(),
              layout.cliName(),
              written.size(),
              layout == SynthFormat.IMAGEFOLDER ? "class folders" : "files",
              out,
              (System.nanoTime() - t0) / 1e9);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return 0;
  }

  private SynthSpec validate() {
    if (shards != null && perShard != null) {
      throw new IllegalArgumentException("give --shards or --per-shard, not both");
    }
    int[] q = parseQuality(quality);
    SynthFormat.parse(format);
    if (photos != null && classes != null) {
      throw new IllegalArgumentException(
          "--classes does not apply with --photos (one class a photo); leave one out");
    }
    if (images < 1) {
      throw new IllegalArgumentException("--images " + images + " must be at least 1");
    }
    int per =
        shards != null ? SynthSpec.perShardFor(images, shards) : perShard == null ? 1000 : perShard;
    SynthSpec synth =
        new SynthSpec(
            images, classes == null ? 10 : classes, per, seed, minSide, maxSide, q[0], q[1]);
    if (Files.exists(out)) {
      if (!Files.isDirectory(out)) {
        throw new IllegalArgumentException("--out " + out + " is a file; give a new folder");
      }
      try (Stream<Path> entries = Files.list(out)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException(
              "--out " + out + " exists and is not empty; give a new or empty folder");
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read --out " + out + ": " + e.getMessage());
      }
    }
    return synth;
  }

  /** {@code Q} or {@code LO-HI} as {@code [lo, hi]}. */
  static int[] parseQuality(String text) {
    String[] parts = text.strip().split("-", -1);
    try {
      if (parts.length == 1) {
        int q = Integer.parseInt(parts[0]);
        return new int[] {q, q};
      }
      if (parts.length == 2) {
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "--quality '" + text + "' is not valid; give Q or LO-HI, like 90 or 75-95 (1 to 100)");
  }
}
