package dev.gaze.train;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads a Fashion-MNIST split from its gzipped IDX files ({@code train-images-idx3-ubyte.gz} and so
 * on), as the Debian package {@code dataset-fashion-mnist} installs them. A minimal reader for
 * training; {@code dev.gaze.source} has the general one.
 */
public final class FashionMnist {

  /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
  public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  /** The two splits and their file prefixes. */
  public enum Split {
    /** 60,000 training images. */
    TRAIN("train"),
    /** 10,000 test images. */
    TEST("t10k");

    private final String prefix;

    Split(String prefix) {
      this.prefix = prefix;
    }
  }

  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;

  private FashionMnist() {}

  /**
   * Loads one split.
   *
   * @throws IllegalArgumentException if a file is missing (naming the package to install)
   * @throws IOException if a file cannot be read or is not IDX of the expected kind
   */
  public static LabelledImages load(Path dir, Split split) throws IOException {
    Path imageFile = dir.resolve(split.prefix + "-images-idx3-ubyte.gz");
    Path labelFile = dir.resolve(split.prefix + "-labels-idx1-ubyte.gz");
    for (Path p : new Path[] {imageFile, labelFile}) {
      if (!Files.isRegularFile(p)) {
        throw new IllegalArgumentException(
            "Fashion-MNIST file "
                + p
                + " not found; install it with `apt-get install dataset-fashion-mnist`"
                + " or point to a directory holding the four *-ubyte.gz files");
      }
    }
    byte[] labels;
    try (DataInputStream in = open(labelFile)) {
      expect(in.readInt(), LABELS_MAGIC, labelFile);
      labels = new byte[in.readInt()];
      in.readFully(labels);
    }
    try (DataInputStream in = open(imageFile)) {
      expect(in.readInt(), IMAGES_MAGIC, imageFile);
      int count = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      if (count != labels.length) {
        throw new IOException(
            imageFile + " holds " + count + " images but " + labels.length + " labels");
      }
      byte[] pixels = new byte[Math.multiplyExact(Math.multiplyExact(count, rows), cols)];
      in.readFully(pixels);
      return new LabelledImages(pixels, labels, rows, cols);
    }
  }

  private static DataInputStream open(Path p) throws IOException {
    InputStream raw = Files.newInputStream(p);
    return new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16)));
  }

  private static void expect(int magic, int expected, Path p) throws IOException {
    if (magic != expected) {
      throw new IOException(
          String.format("%s: IDX magic 0x%08x, expected 0x%08x", p, magic, expected));
    }
  }
}
