package dev.gaze.image;

import java.io.ByteArrayOutputStream;

/**
 * Removes the embedded ICC profile ({@code APP2 "ICC_PROFILE"} segments) from a grey or YCbCr/RGB
 * JPEG, so that its samples are taken as they are, as Pillow (and so torchvision) takes them: the
 * TwelveMonkeys reader would otherwise convert a non-sRGB profile (Adobe RGB, Display P3) to sRGB,
 * several levels away from what the model sees in Python. CMYK and YCCK JPEGs keep their profile,
 * which their conversion to RGB needs.
 */
final class JpegIcc {

  private static final int APP2 = 0xE2;
  private static final int SOS = 0xDA;
  private static final byte[] ICC_ID =
      "ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private JpegIcc() {}

  /** {@code jpeg} without its ICC segments, or {@code jpeg} itself when there is none to drop. */
  static byte[] strip(byte[] jpeg) {
    if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
      return jpeg;
    }
    boolean anyIcc = false;
    int components = -1;
    int pos = 2;
    while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xFF) == 0xFF) {
      int marker = jpeg[pos + 1] & 0xFF;
      if (marker == 0xFF) {
        pos++; // fill byte
        continue;
      }
      if (marker == SOS || marker == 0xD9) {
        break;
      }
      int length = ((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF);
      if (length < 2 || pos + 2 + length > jpeg.length) {
        return jpeg; // damaged: let the decoder report it
      }
      if (isSof(marker) && length >= 8) {
        components = jpeg[pos + 9] & 0xFF;
      }
      anyIcc |= marker == APP2 && isIcc(jpeg, pos + 4, length - 2);
      pos += 2 + length;
    }
    if (!anyIcc || components == 4 || components == -1) {
      return jpeg;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length);
    out.write(jpeg, 0, 2);
    pos = 2;
    while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xFF) == 0xFF) {
      int marker = jpeg[pos + 1] & 0xFF;
      if (marker == 0xFF) {
        out.write(0xFF);
        pos++;
        continue;
      }
      if (marker == SOS || marker == 0xD9) {
        break;
      }
      int length = ((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF);
      if (!(marker == APP2 && isIcc(jpeg, pos + 4, length - 2))) {
        out.write(jpeg, pos, 2 + length);
      }
      pos += 2 + length;
    }
    out.write(jpeg, pos, jpeg.length - pos);
    return out.toByteArray();
  }

  /** Start-of-frame markers: SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
  private static boolean isSof(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static boolean isIcc(byte[] b, int offset, int length) {
    if (length < ICC_ID.length) {
      return false;
    }
    for (int i = 0; i < ICC_ID.length; i++) {
      if (b[offset + i] != ICC_ID[i]) {
        return false;
      }
    }
    return true;
  }
}
