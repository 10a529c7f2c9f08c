package dev.gaze.image;

/**
 * What the first bytes of a JPEG or PNG say about it, read without decoding: the size, and whether
 * the native decoders decode it exactly as Pillow's {@code convert("RGB")} (or mode L) would, so
 * that {@link ImageDecoder} can run the pixel guard first and then choose the decoder.
 *
 * <p>The native decoders ({@link NativeCodecs}) take 8-bit baseline, extended and progressive JPEGs
 * with 1 (grey) or 3 components whose entropy-coded data ends with the EOI marker (a cut file goes
 * straight to the ImageIO path, which reports it), and 8-bit PNGs that are grey, grey+alpha, RGB or
 * RGBA. Everything else (CMYK/YCCK, 12-bit, lossless and arithmetic-coded JPEGs; palette and 1, 2,
 * 4 and 16-bit PNGs; damaged headers) is left to ImageIO, with today's semantics.
 *
 * @param width the width the header gives, or -1 if it could not be read
 * @param height the height the header gives, or -1 if it could not be read
 * @param channels 1 (grey) or 3 (RGB) for an image the native decoders take, 0 for ImageIO's
 */
record ImageHeader(int width, int height, int channels) {

  private static final int SOS = 0xDA;
  private static final int EOI = 0xD9;

  /** Whether the native decoders should decode this image. */
  boolean forNative() {
    return channels != 0 && width > 0 && height > 0;
  }

  /** Reads the header of bytes whose format {@link ImageFormat#sniff} recognised. */
  static ImageHeader read(ImageFormat format, byte[] bytes) {
    return format == ImageFormat.PNG ? png(bytes) : jpeg(bytes);
  }

  /** IHDR, which the PNG specification puts first: width, height, bit depth, colour type. */
  private static ImageHeader png(byte[] b) {
    if (b.length < 8 + 8 + 13 || !(b[12] == 'I' && b[13] == 'H' && b[14] == 'D' && b[15] == 'R')) {
      return new ImageHeader(-1, -1, 0);
    }
    int width = int32(b, 16);
    int height = int32(b, 20);
    int depth = b[24] & 0xFF;
    int colourType = b[25] & 0xFF;
    int channels = 0;
    if (depth == 8 && (colourType == 0 || colourType == 4)) {
      channels = 1;
    } else if (depth == 8 && (colourType == 2 || colourType == 6)) {
      channels = 3;
    }
    return new ImageHeader(width, height, channels);
  }

  /** Walks the markers to the first SOS, reading the frame header on the way. */
  private static ImageHeader jpeg(byte[] b) {
    int width = -1;
    int height = -1;
    int components = 0;
    boolean nativeFrame = false;
    int pos = 2;
    while (pos + 4 <= b.length && (b[pos] & 0xFF) == 0xFF) {
      int marker = b[pos + 1] & 0xFF;
      if (marker == 0xFF) {
        pos++; // fill byte
        continue;
      }
      if (marker == EOI) {
        break;
      }
      int length = ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
      if (length < 2 || pos + 2 + length > b.length) {
        break; // damaged or cut inside the headers: ImageIO says which
      }
      if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
        if (length < 8 || width >= 0) {
          break;
        }
        int precision = b[pos + 4] & 0xFF;
        height = ((b[pos + 5] & 0xFF) << 8) | (b[pos + 6] & 0xFF);
        width = ((b[pos + 7] & 0xFF) << 8) | (b[pos + 8] & 0xFF);
        components = b[pos + 9] & 0xFF;
        // baseline, extended sequential and progressive Huffman-coded frames of 8-bit samples
        nativeFrame = marker <= 0xC2 && precision == 8 && (components == 1 || components == 3);
      }
      if (marker == SOS) {
        boolean ends = endsAfter(b, pos + 2 + length);
        int channels = nativeFrame && ends ? (components == 1 ? 1 : 3) : 0;
        return new ImageHeader(width, height, channels);
      }
      pos += 2 + length;
    }
    return new ImageHeader(width, height, 0);
  }

  /**
   * Whether an EOI marker follows {@code from}: entropy-coded data cannot hold {@code ff d9} (a
   * data byte {@code ff} is stuffed with {@code 00}), so without one the file was cut. Searched
   * from the end, where it is, after any trailing bytes a camera or tool left.
   */
  private static boolean endsAfter(byte[] b, int from) {
    for (int i = b.length - 2; i >= from; i--) {
      if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == EOI) {
        return true;
      }
    }
    return false;
  }

  private static int int32(byte[] b, int at) {
    long v =
        ((b[at] & 0xFFL) << 24)
            | ((b[at + 1] & 0xFFL) << 16)
            | ((b[at + 2] & 0xFFL) << 8)
            | (b[at + 3] & 0xFFL);
    return v > Integer.MAX_VALUE ? -1 : (int) v;
  }
}
