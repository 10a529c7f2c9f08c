package dev.gaze.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the files made by {@code src/test/resources/images/make-fixtures.sh}. */
final class Fixtures {

  private Fixtures() {}

  static byte[] bytes(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/images/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + name + "; run make-fixtures.sh");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static DecodedImage decode(String name) throws ImageProblem {
    return ImageDecoder.decode(bytes(name), ImageDecoder.DEFAULT_MAX_PIXELS);
  }
}
