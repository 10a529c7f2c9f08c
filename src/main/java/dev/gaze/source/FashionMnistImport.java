package dev.gaze.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Converts a Fashion-MNIST IDX pair into WebDataset {@code .tar.gz} shards: keys {@code
 * <split>-<index, 6 digits>}, an 8-bit grey PNG and a {@code .cls} label per sample, shards named
 * {@code <split>-000000.tar.gz} and up, and a {@code classes.txt} beside them. The output is
 * deterministic: the same input gives byte-identical files (on the same JDK).
 */
public final class FashionMnistImport {

  /** The Fashion-MNIST class names in label order. */
  public static final List<String> CLASS_NAMES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  /** Where Debian's {@code dataset-fashion-mnist} package puts the IDX files. */
  public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  /** The samples per shard used for the committed demo data. */
  public static final int DEFAULT_PER_SHARD = 1000;

  private static final Pattern SPLIT_NAME = Pattern.compile("[a-z0-9_]+");

  private FashionMnistImport() {}

  /** The gzipped IDX image file of {@code split} ("train" or "test") in {@code idxDir}. */
  public static Path imagesFile(Path idxDir, String split) {
    return idxDir.resolve(filePrefix(split) + "-images-idx3-ubyte.gz");
  }

  /** The gzipped IDX label file of {@code split} ("train" or "test") in {@code idxDir}. */
  public static Path labelsFile(Path idxDir, String split) {
    return idxDir.resolve(filePrefix(split) + "-labels-idx1-ubyte.gz");
  }

  /**
   * Checks that {@code idxDir} holds the two IDX files of {@code split}.
   *
   * @throws IllegalArgumentException naming the missing file and how to install it
   */
  public static void requireFiles(Path idxDir, String split) {
    for (Path file : List.of(imagesFile(idxDir, split), labelsFile(idxDir, split))) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(
            "no IDX file "
                + file
                + "; expected the Fashion-MNIST files there (on Debian: apt-get install"
                + " dataset-fashion-mnist)");
      }
    }
  }

  /**
   * Converts split {@code split} ("train" or "test") of the IDX files in {@code idxDir}, named as
   * the Fashion-MNIST distribution names them ({@code train-*}, {@code t10k-*}).
   */
  public static List<Path> convertDir(Path idxDir, String split, Path outDir, int perShard)
      throws IOException {
    requireFiles(idxDir, split);
    Path images = imagesFile(idxDir, split);
    Path labels = labelsFile(idxDir, split);
    return convert(images, labels, split, outDir, perShard);
  }

  /**
   * Converts one IDX pair into shards under {@code outDir} (created if needed; files of the same
   * names are replaced) and writes {@code outDir/classes.txt}.
   *
   * @return the shard files written, in order
   * @throws IllegalArgumentException when the IDX files are malformed or disagree, a label is not a
   *     Fashion-MNIST class, {@code split} is not a simple lower-case name, or {@code perShard < 1}
   */
  public static List<Path> convert(
      Path imagesIdx, Path labelsIdx, String split, Path outDir, int perShard) throws IOException {
    if (!SPLIT_NAME.matcher(split).matches()) {
      throw new IllegalArgumentException(
          "split name '" + split + "' must be lower-case letters, digits or '_' (like test)");
    }
    if (perShard < 1) {
      throw new IllegalArgumentException("samples per shard must be at least 1, got " + perShard);
    }
    IdxImages images = Idx.readImages(imagesIdx);
    int[] labels = Idx.readLabels(labelsIdx);
    if (images.count() != labels.length) {
      throw new IllegalArgumentException(
          imagesIdx
              + " holds "
              + images.count()
              + " images but "
              + labelsIdx
              + " holds "
              + labels.length
              + " labels");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] >= CLASS_NAMES.size()) {
        throw new IllegalArgumentException(
            labelsIdx + " label " + i + " is " + labels[i] + "; Fashion-MNIST has classes 0 to 9");
      }
    }
    Files.createDirectories(outDir);
    List<Path> shards = new ArrayList<>();
    for (int start = 0; start < images.count(); start += perShard) {
      Path shard = outDir.resolve(String.format("%s-%06d.tar.gz", split, shards.size()));
      int end = Math.min(images.count(), start + perShard);
      try (WebDatasetWriter writer = WebDatasetWriter.create(shard)) {
        for (int i = start; i < end; i++) {
          byte[] png = GreyPng.encode(images.image(i), images.cols(), images.rows());
          writer.write(String.format("%s-%06d", split, i), png, labels[i]);
        }
      }
      shards.add(shard);
    }
    Files.writeString(
        outDir.resolve("classes.txt"),
        String.join("\n", CLASS_NAMES) + "\n",
        StandardCharsets.UTF_8);
    return List.copyOf(shards);
  }

  private static String filePrefix(String split) {
    switch (split) {
      case "train":
        return "train";
      case "test":
        return "t10k";
      default:
        throw new IllegalArgumentException(
            "unknown Fashion-MNIST split '" + split + "'; valid: train, test");
    }
  }
}
