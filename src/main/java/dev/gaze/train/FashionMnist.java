package dev.gaze.train;

import dev.gaze.source.FashionMnistImport;
import dev.gaze.source.Idx;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads a Fashion-MNIST split for training from its gzipped IDX files, as the Debian package {@code
 * dataset-fashion-mnist} installs them, through the IDX reader of {@code dev.gaze.source}.
 */
public final class FashionMnist {

  /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
  public static final Path DEFAULT_DIR = FashionMnistImport.DEBIAN_DIR;

  /** The two splits. */
  public enum Split {
    /** 60,000 training images. */
    TRAIN("train"),
    /** 10,000 test images. */
    TEST("test");

    private final String name;

    Split(String name) {
      this.name = name;
    }
  }

  private FashionMnist() {}

  /**
   * Loads one split.
   *
   * @throws IllegalArgumentException if a file is missing (naming the package to install) or is not
   *     IDX of the expected kind
   * @throws IOException if a file cannot be read
   */
  public static LabelledImages load(Path dir, Split split) throws IOException {
    FashionMnistImport.requireFiles(dir, split.name);
    return LabelledImages.of(
        Idx.readImages(FashionMnistImport.imagesFile(dir, split.name)),
        Idx.readLabels(FashionMnistImport.labelsFile(dir, split.name)));
  }
}
