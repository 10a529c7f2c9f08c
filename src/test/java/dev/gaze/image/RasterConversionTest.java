package dev.gaze.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RasterConversion}, which indexes the raster's array itself, against Java2D's own {@link
 * Raster#getSample} on random images of each layout a decoder gives, whole and as a sub-image (a
 * child raster whose samples start inside its parent's array).
 */
class RasterConversionTest {

  @ParameterizedTest
  @ValueSource(
      ints = {
        BufferedImage.TYPE_3BYTE_BGR,
        BufferedImage.TYPE_4BYTE_ABGR,
        BufferedImage.TYPE_BYTE_GRAY,
        BufferedImage.TYPE_USHORT_GRAY,
        BufferedImage.TYPE_INT_RGB
      })
  void samplesAreThoseJava2dReads(int type) {
    Random rng = new Random(type);
    BufferedImage image = new BufferedImage(37, 23, type);
    WritableRaster raster = image.getRaster();
    for (int b = 0; b < raster.getNumBands(); b++) {
      int max = (1 << image.getColorModel().getComponentSize(b)) - 1;
      for (int y = 0; y < 23; y++) {
        for (int x = 0; x < 37; x++) {
          raster.setSample(x, y, b, rng.nextInt(max + 1));
        }
      }
    }
    assertSame(image);
    assertSame(image.getSubimage(5, 3, 20, 17));
  }

  private static void assertSame(BufferedImage image) {
    DecodedImage decoded = RasterConversion.toDecoded(image);
    boolean grey = image.getColorModel().getNumColorComponents() == 1;
    assertThat(decoded.channels()).isEqualTo(grey ? 1 : 3);
    assertThat(decoded.width()).isEqualTo(image.getWidth());
    assertThat(decoded.height()).isEqualTo(image.getHeight());
    Raster raster = image.getRaster();
    for (int c = 0; c < decoded.channels(); c++) {
      float max = (1 << image.getColorModel().getComponentSize(c)) - 1;
      for (int y = 0; y < image.getHeight(); y++) {
        for (int x = 0; x < image.getWidth(); x++) {
          float want = raster.getSample(raster.getMinX() + x, raster.getMinY() + y, c) / max;
          assertThat(decoded.get(c, y, x)).as("%d at (%d, %d)", c, x, y).isEqualTo(want);
        }
      }
    }
  }
}
