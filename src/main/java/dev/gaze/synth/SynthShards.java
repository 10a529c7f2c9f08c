package dev.gaze.synth;

import dev.gaze.source.WebDatasetWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Writes a {@link SynthSpec} as WebDataset shards {@code synth-NNNNNN.tar} (members {@code
 * <key>.jpg} and {@code <key>.cls}, key = the image's index as 8 digits) and {@code classes.txt}.
 * Image {@code i} depends only on the seed and {@code i} (its own random stream), so images are
 * rendered in parallel and the shards are still byte-identical for the same spec.
 */
public final class SynthShards {

  private SynthShards() {}

  /** The shard file names of a spec, in order. */
  public static List<String> shardNames(SynthSpec spec) {
    List<String> names = new ArrayList<>();
    for (int s = 0; s < spec.shards(); s++) {
      names.add(String.format(Locale.ROOT, "synth-%06d.tar", s));
    }
    return names;
  }

  /** The name of class {@code c}: its shape and index, as {@code disc-0005}. */
  public static String className(int c) {
    String[] shapes = {"disc", "square", "triangle", "ring", "cross"};
    return String.format(Locale.ROOT, "%s-%04d", shapes[c % shapes.length], c);
  }

  /**
   * Writes the shards and {@code classes.txt} into {@code out} (created if missing).
   *
   * @return the shard files, in order
   */
  public static List<Path> write(SynthSpec spec, Path out) throws IOException {
    Files.createDirectories(out);
    StringBuilder classes = new StringBuilder();
    for (int c = 0; c < spec.classes(); c++) {
      classes.append(className(c)).append('\n');
    }
    Files.writeString(out.resolve("classes.txt"), classes, StandardCharsets.UTF_8);
    List<Path> shards = new ArrayList<>();
    List<String> names = shardNames(spec);
    for (int s = 0; s < names.size(); s++) {
      int from = s * spec.perShard();
      int to = Math.min(spec.images(), from + spec.perShard());
      byte[][] jpegs =
          IntStream.range(from, to).parallel().mapToObj(i -> jpeg(spec, i)).toArray(byte[][]::new);
      Path shard = out.resolve(names.get(s));
      try (WebDatasetWriter writer = WebDatasetWriter.create(shard)) {
        for (int i = from; i < to; i++) {
          String key = String.format(Locale.ROOT, "%08d", i);
          writer.writeMember(key + ".jpg", jpegs[i - from]);
          writer.writeMember(
              key + ".cls",
              Integer.toString(i % spec.classes()).getBytes(StandardCharsets.US_ASCII));
        }
      }
      shards.add(shard);
    }
    return shards;
  }

  /** Image {@code i} of the spec, as JPEG bytes. */
  static byte[] jpeg(SynthSpec spec, int i) {
    SplittableRandom rng = new SplittableRandom(mix(spec.seed() * 0x9E3779B97F4A7C15L + i));
    int width = spec.minSide() + rng.nextInt(spec.maxSide() - spec.minSide() + 1);
    int height = spec.minSide() + rng.nextInt(spec.maxSide() - spec.minSide() + 1);
    int quality = spec.minQuality() + rng.nextInt(spec.maxQuality() - spec.minQuality() + 1);
    return JpegBytes.encode(SynthImage.render(i % spec.classes(), width, height, rng), quality);
  }

  /** Stafford's variant 13 of the 64-bit finaliser: nearby seeds give unrelated streams. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
