package dev.gaze.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.imageio.ImageIO;

/** Writes figures as PNG files into one folder and remembers which, in order. */
final class PngWriter {

  private final Path dir;
  private final List<Path> written = new ArrayList<>();

  /** A writer into {@code dir}, which must exist. */
  PngWriter(Path dir) {
    this.dir = dir;
  }

  /**
   * Draws {@code figure} and writes it as {@code dir/name} (replacing a file of that name) when
   * {@code drawable}, and returns {@code name}; else draws and writes nothing and returns empty.
   *
   * @throws IOException if the file cannot be written
   */
  Optional<String> writeIf(boolean drawable, String name, Supplier<BufferedImage> figure)
      throws IOException {
    if (!drawable) {
      return Optional.empty();
    }
    BufferedImage image = figure.get();
    Path file = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(file)) {
      if (!ImageIO.write(image, "png", out)) {
        throw new IOException("no PNG writer available for " + file);
      }
    }
    written.add(file);
    return Optional.of(name);
  }

  /** The files written so far, in order. */
  List<Path> written() {
    return List.copyOf(written);
  }
}
