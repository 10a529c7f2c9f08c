package dev.gaze.image;

/** The image formats Gaze decodes, recognised by their first bytes (never by a file name). */
enum ImageFormat {
  /** JPEG/JFIF/EXIF: starts with the SOI marker {@code ff d8} followed by another marker. */
  JPEG("JPEG"),
  /** PNG: starts with the eight-byte PNG signature. */
  PNG("PNG");

  private static final byte[] PNG_SIGNATURE = {
    (byte) 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a
  };

  private final String label;

  ImageFormat(String label) {
    this.label = label;
  }

  /** The name used in messages ("JPEG", "PNG"). */
  String label() {
    return label;
  }

  /**
   * Recognises the format from the magic bytes.
   *
   * @throws ImageProblem for an empty array or anything that is neither JPEG nor PNG
   */
  static ImageFormat sniff(byte[] bytes) throws ImageProblem {
    if (bytes.length == 0) {
      throw new ImageProblem("empty image (0 bytes)");
    }
    if (bytes.length >= 3
        && (bytes[0] & 0xff) == 0xff
        && (bytes[1] & 0xff) == 0xd8
        && (bytes[2] & 0xff) == 0xff) {
      return JPEG;
    }
    if (startsWith(bytes, PNG_SIGNATURE)) {
      return PNG;
    }
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(4, bytes.length); i++) {
      hex.append(i == 0 ? "" : " ").append(String.format("%02x", bytes[i] & 0xff));
    }
    String other = otherFormat(bytes);
    throw new ImageProblem(
        "not a JPEG or PNG image (starts with "
            + hex
            + (other == null ? "" : ", looks like " + other)
            + ")");
  }

  /** Names a few common formats Gaze does not take, to make the message more helpful. */
  private static String otherFormat(byte[] b) {
    if (startsWith(b, ascii("GIF8"))) {
      return "GIF";
    }
    if (startsWith(b, ascii("RIFF")) && matchesAt(b, 8, ascii("WEBP"))) {
      return "WebP";
    }
    if (startsWith(b, ascii("BM"))) {
      return "BMP";
    }
    if (startsWith(b, new byte[] {0x49, 0x49, 0x2a, 0})
        || startsWith(b, new byte[] {0x4d, 0x4d, 0, 0x2a})) {
      return "TIFF";
    }
    return null;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return matchesAt(bytes, 0, prefix);
  }

  private static boolean matchesAt(byte[] bytes, int offset, byte[] part) {
    if (bytes.length < offset + part.length) {
      return false;
    }
    for (int i = 0; i < part.length; i++) {
      if (bytes[offset + i] != part[i]) {
        return false;
      }
    }
    return true;
  }
}
