package dev.gaze.synth;

import dev.gaze.source.WebDatasetWriter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Writes a {@link SynthSpec} as WebDataset shards {@code synth-NNNNNN.tar} (members {@code
 * <key>.jpg} and {@code <key>.cls}, key = the image's index as 8 digits) and {@code classes.txt};
 * or, with {@link #write(SynthSpec, PhotoCrops, SynthFormat, Path)}, as an ImageFolder or Parquet
 * files, of synthetic images or of crops of real photos. Image {@code i} depends only on the seed
 * and {@code i} (its own random stream), so images are rendered in parallel and the output is still
 * byte-identical for the same spec.
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
    return write(spec, null, SynthFormat.WEBDATASET, out);
  }

  /**
   * Writes the images of {@code spec} into {@code out} (created if missing) in {@code format}, with
   * {@code classes.txt} (class names in label order) beside WebDataset shards and Parquet files.
   * With {@code photos} the images are crops of those photos and there are as many classes as
   * photos ({@code spec.classes()} is then not used); without, synthetic images of {@code
   * spec.classes()} classes.
   *
   * @return the files written: the shards, the Parquet files, or the ImageFolder's class folders
   */
  public static List<Path> write(SynthSpec spec, PhotoCrops photos, SynthFormat format, Path out)
      throws IOException {
    Files.createDirectories(out);
    List<String> classNames = new ArrayList<>();
    int classes = photos == null ? spec.classes() : photos.size();
    for (int c = 0; c < classes; c++) {
      classNames.add(photos == null ? className(c) : photos.classNames().get(c));
    }
    if (format != SynthFormat.IMAGEFOLDER) {
      Files.writeString(
          out.resolve("classes.txt"), String.join("\n", classNames) + "\n", StandardCharsets.UTF_8);
    }
    List<Path> written = new ArrayList<>();
    if (format == SynthFormat.IMAGEFOLDER) {
      for (String name : classNames) {
        written.add(Files.createDirectories(out.resolve(name)));
      }
    }
    int shards = spec.shards();
    for (int s = 0; s < shards; s++) {
      int from = s * spec.perShard();
      int to = Math.min(spec.images(), from + spec.perShard());
      byte[][] jpegs =
          IntStream.range(from, to)
              .parallel()
              .mapToObj(i -> jpeg(spec, photos, i))
              .toArray(byte[][]::new);
      String base = String.format(Locale.ROOT, "synth-%06d", s);
      switch (format) {
        case WEBDATASET -> {
          Path shard = out.resolve(base + ".tar");
          try (WebDatasetWriter writer = WebDatasetWriter.create(shard)) {
            for (int i = from; i < to; i++) {
              writer.writeMember(key(i) + ".jpg", jpegs[i - from]);
              writer.writeMember(
                  key(i) + ".cls",
                  Integer.toString(label(spec, photos, i)).getBytes(StandardCharsets.US_ASCII));
            }
          }
          written.add(shard);
        }
        case IMAGEFOLDER -> {
          for (int i = from; i < to; i++) {
            Path folder = out.resolve(classNames.get(label(spec, photos, i)));
            Files.write(folder.resolve(key(i) + ".jpg"), jpegs[i - from]);
          }
        }
        case PARQUET -> {
          Path file = out.resolve(base + ".parquet");
          writeParquet(file, from, jpegs, i -> label(spec, photos, i));
          written.add(file);
        }
      }
    }
    return written;
  }

  private static String key(int i) {
    return String.format(Locale.ROOT, "%08d", i);
  }

  private static int label(SynthSpec spec, PhotoCrops photos, int i) {
    return photos == null ? i % spec.classes() : photos.classOf(i);
  }

  /** The Parquet schema: {@code __key__} string, {@code image} binary, {@code label} int32. */
  private static final MessageType PARQUET_SCHEMA =
      Types.buildMessage()
          .required(PrimitiveTypeName.BINARY)
          .as(LogicalTypeAnnotation.stringType())
          .named("__key__")
          .required(PrimitiveTypeName.BINARY)
          .named("image")
          .required(PrimitiveTypeName.INT32)
          .named("label")
          .named("image_record");

  private static void writeParquet(
      Path file, int from, byte[][] jpegs, java.util.function.IntUnaryOperator labels)
      throws IOException {
    Configuration conf = new Configuration(false);
    // the raw local file system: no .crc files beside the data
    conf.setClass("fs.file.impl", RawLocalFileSystem.class, FileSystem.class);
    conf.setBoolean("fs.file.impl.disable.cache", true);
    SimpleGroupFactory groups = new SimpleGroupFactory(PARQUET_SCHEMA);
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(
                HadoopOutputFile.fromPath(
                    new org.apache.hadoop.fs.Path(file.toAbsolutePath().toUri()), conf))
            .withConf(conf)
            .withType(PARQUET_SCHEMA)
            // JPEG bytes do not compress; row groups of about 32 MiB
            .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
            .withDictionaryEncoding(false)
            .withRowGroupSize(32L << 20)
            .build()) {
      for (int j = 0; j < jpegs.length; j++) {
        int i = from + j;
        writer.write(
            groups
                .newGroup()
                .append("__key__", key(i))
                .append("image", Binary.fromConstantByteArray(jpegs[j]))
                .append("label", labels.applyAsInt(i)));
      }
    }
  }

  /** Image {@code i} of the spec, as JPEG bytes: synthetic, or a crop of {@code photos}. */
  static byte[] jpeg(SynthSpec spec, PhotoCrops photos, int i) {
    SplittableRandom rng = new SplittableRandom(mix(spec.seed() * 0x9E3779B97F4A7C15L + i));
    int width = spec.minSide() + rng.nextInt(spec.maxSide() - spec.minSide() + 1);
    int height = spec.minSide() + rng.nextInt(spec.maxSide() - spec.minSide() + 1);
    int quality = spec.minQuality() + rng.nextInt(spec.maxQuality() - spec.minQuality() + 1);
    BufferedImage image =
        photos == null
            ? SynthImage.render(i % spec.classes(), width, height, rng)
            : photos.render(i, width, height, rng);
    return JpegBytes.encode(image, quality);
  }

  /** Stafford's variant 13 of the 64-bit finaliser: nearby seeds give unrelated streams. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
