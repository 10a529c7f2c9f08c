package dev.gaze.cli;

import dev.gaze.source.FashionMnistImport;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --idx-dir}: where the Fashion-MNIST IDX files are, shared by import and train. */
final class IdxDirOption {

  @Option(
      names = "--idx-dir",
      paramLabel = "DIR",
      description =
          "Folder with the gzipped IDX files (default: ${DEFAULT-VALUE}, where the Debian package"
              + " dataset-fashion-mnist installs them).")
  Path idxDir = FashionMnistImport.DEBIAN_DIR;

  /**
   * The folder, checked to hold the files of {@code split}.
   *
   * @throws IllegalArgumentException naming the missing file and how to install it
   */
  Path require(String split) {
    FashionMnistImport.requireFiles(idxDir, split);
    return idxDir;
  }
}
