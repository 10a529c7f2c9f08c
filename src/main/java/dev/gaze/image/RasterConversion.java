package dev.gaze.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Turns a decoded {@link BufferedImage} into planar floats in [0, 1], dropping alpha.
 *
 * <p>Grey and RGB images with byte or 16-bit samples are read straight from the raster, each sample
 * divided by its bit depth's maximum (255, 65535, ...), without colour management (as Pillow does).
 * 8-bit ones (every JPEG but CMYK, most PNGs) keep the decoder's bytes ({@link ByteSamples}) and
 * become floats only where they are read; others are indexed in the raster's array directly where
 * it is a {@link ComponentSampleModel}. Palette images become grey when every palette entry is grey
 * and RGB otherwise. Anything else goes through {@link BufferedImage#getRGB}, i.e. Java2D's
 * conversion to 8-bit sRGB.
 */
final class RasterConversion {

  private RasterConversion() {}

  static DecodedImage toDecoded(BufferedImage image) {
    ColorModel cm = image.getColorModel();
    if (cm instanceof IndexColorModel icm) {
      return fromPalette(image, icm);
    }
    if (cm instanceof ComponentColorModel
        && !cm.isAlphaPremultiplied()
        && integral(image.getRaster())) {
      int type = cm.getColorSpace().getType();
      if (type == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1) {
        return fromComponents(image, cm, 1);
      }
      if (type == ColorSpace.TYPE_RGB && cm.getNumColorComponents() == 3) {
        return fromComponents(image, cm, 3);
      }
    }
    return fromRgb(image);
  }

  private static boolean integral(Raster raster) {
    int t = raster.getDataBuffer().getDataType();
    return t == DataBuffer.TYPE_BYTE || t == DataBuffer.TYPE_USHORT;
  }

  private static DecodedImage fromComponents(BufferedImage image, ColorModel cm, int channels) {
    Raster raster = image.getRaster();
    if (raster.getSampleModel() instanceof ComponentSampleModel sm
        && (raster.getDataBuffer() instanceof DataBufferByte
            || raster.getDataBuffer() instanceof DataBufferUShort)) {
      return direct(image, cm, channels, raster, sm);
    }
    int w = image.getWidth();
    int h = image.getHeight();
    float[] out = new float[channels * h * w];
    int[] row = new int[w];
    for (int c = 0; c < channels; c++) {
      float max = (float) ((1L << cm.getComponentSize(c)) - 1);
      for (int y = 0; y < h; y++) {
        raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, c, row);
        int base = (c * h + y) * w;
        for (int x = 0; x < w; x++) {
          out[base + x] = row[x] / max;
        }
      }
    }
    return DecodedImage.wrap(w, h, channels, out);
  }

  /**
   * Reads the raster's array by the sample model's layout: the sample of band {@code c} at ({@code
   * x}, {@code y}) is at {@code offset(c) + y * scanlineStride + x * pixelStride}, as {@link
   * ComponentSampleModel#getSample} has it.
   */
  private static DecodedImage direct(
      BufferedImage image, ColorModel cm, int channels, Raster raster, ComponentSampleModel sm) {
    int w = image.getWidth();
    int h = image.getHeight();
    DataBuffer db = raster.getDataBuffer();
    int ps = sm.getPixelStride();
    int ss = sm.getScanlineStride();
    int origin =
        (raster.getMinY() - raster.getSampleModelTranslateY()) * ss
            + (raster.getMinX() - raster.getSampleModelTranslateX()) * ps;
    int[] offsets = new int[channels];
    boolean bytes = db instanceof DataBufferByte;
    for (int c = 0; c < channels; c++) {
      int bank = sm.getBankIndices()[c];
      offsets[c] = db.getOffsets()[bank] + sm.getBandOffsets()[c] + origin;
      bytes &= bank == sm.getBankIndices()[0] && cm.getComponentSize(c) == 8;
    }
    if (bytes) {
      byte[] data = ((DataBufferByte) db).getData(sm.getBankIndices()[0]);
      return DecodedImage.wrap(new ByteSamples(w, h, data, offsets, ps, ss));
    }
    float[] out = new float[channels * h * w];
    for (int c = 0; c < channels; c++) {
      float max = (float) ((1L << cm.getComponentSize(c)) - 1);
      int bank = sm.getBankIndices()[c];
      byte[] b = db instanceof DataBufferByte bb ? bb.getData(bank) : null;
      short[] u = b == null ? ((DataBufferUShort) db).getData(bank) : null;
      for (int y = 0; y < h; y++) {
        int in = offsets[c] + y * ss;
        int o = (c * h + y) * w;
        for (int x = 0; x < w; x++) {
          int i = in + x * ps;
          int v = b != null ? b[i] & 0xFF : u[i] & 0xFFFF;
          out[o + x] = v / max;
        }
      }
    }
    return DecodedImage.wrap(w, h, channels, out);
  }

  private static DecodedImage fromPalette(BufferedImage image, IndexColorModel icm) {
    int size = icm.getMapSize();
    float[] red = new float[size];
    float[] green = new float[size];
    float[] blue = new float[size];
    boolean grey = true;
    for (int i = 0; i < size; i++) {
      red[i] = icm.getRed(i) / 255f;
      green[i] = icm.getGreen(i) / 255f;
      blue[i] = icm.getBlue(i) / 255f;
      grey &= icm.getRed(i) == icm.getGreen(i) && icm.getGreen(i) == icm.getBlue(i);
    }
    int w = image.getWidth();
    int h = image.getHeight();
    int channels = grey ? 1 : 3;
    int plane = w * h;
    float[] out = new float[channels * plane];
    Raster raster = image.getRaster();
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, row);
      for (int x = 0; x < w; x++) {
        int i = Math.min(row[x], size - 1);
        out[y * w + x] = red[i];
        if (!grey) {
          out[plane + y * w + x] = green[i];
          out[2 * plane + y * w + x] = blue[i];
        }
      }
    }
    return DecodedImage.wrap(w, h, channels, out);
  }

  private static DecodedImage fromRgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int plane = w * h;
    float[] out = new float[3 * plane];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int argb = row[x];
        out[y * w + x] = ((argb >> 16) & 0xff) / 255f;
        out[plane + y * w + x] = ((argb >> 8) & 0xff) / 255f;
        out[2 * plane + y * w + x] = (argb & 0xff) / 255f;
      }
    }
    return DecodedImage.wrap(w, h, 3, out);
  }
}
