package dev.gaze.image;

import java.util.Locale;

/** Which decoder turned an image's bytes into pixels (see {@link ImageDecoder}). */
public enum DecodePath {
  /**
   * libjpeg-turbo for JPEG, libpng for PNG, as Pillow decodes them (through Leptonica, {@link
   * NativeCodecs}).
   */
  NATIVE,
  /** javax.imageio: the TwelveMonkeys JPEG reader, the JDK's PNG reader. */
  IMAGEIO;

  /** The lower-case name used in {@code run.json} ("native", "imageio"). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
