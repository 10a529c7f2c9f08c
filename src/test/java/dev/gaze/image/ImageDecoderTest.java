package dev.gaze.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {

  private static final float R = 1f;

  /** Left half (x &lt; 32) red, right half blue, checked away from the edge between them. */
  private static void assertRedBlue(DecodedImage img, float tolerance) {
    assertThat(img.width()).isEqualTo(64);
    assertThat(img.height()).isEqualTo(48);
    assertThat(img.channels()).isEqualTo(3);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        if (x >= 28 && x < 36) {
          continue;
        }
        float[] want = x < 32 ? new float[] {R, 0, 0} : new float[] {0, 0, R};
        for (int c = 0; c < 3; c++) {
          assertThat(img.get(c, y, x))
              .as("channel %d at (%d, %d)", c, x, y)
              .isCloseTo(want[c], within(tolerance));
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"rb-baseline.jpg", "rb-progressive.jpg", "extraneous.jpg"})
  void rgbJpegsDecodeToRedAndBlue(String name) throws ImageProblem {
    assertRedBlue(Fixtures.decode(name), 0.03f);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rb.png", "rb-palette.png", "rb-rgba.png"})
  void rgbPngsDecodeExactlyAndDropAlpha(String name) throws ImageProblem {
    assertRedBlue(Fixtures.decode(name), 0f);
  }

  @Test
  void cmykJpegDecodesToRedAndBlueNotGarbage() throws ImageProblem {
    // YCCK-encoded CMYK without an ICC profile: TwelveMonkeys converts it naively, as Pillow does.
    assertRedBlue(Fixtures.decode("rb-cmyk.jpg"), 0.03f);
  }

  @ParameterizedTest
  @ValueSource(strings = {"grey.png", "grey-alpha.png", "grey.jpg"})
  void greyImagesHaveOneChannel(String name) throws ImageProblem {
    DecodedImage img = Fixtures.decode(name);
    float tolerance = name.endsWith(".jpg") ? 0.02f : 0f;
    assertThat(img.channels()).isEqualTo(1);
    assertThat(img.width()).isEqualTo(64);
    assertThat(img.height()).isEqualTo(48);
    for (int y = 0; y < 48; y++) {
      assertThat(img.get(0, y, 5)).isCloseTo(64 / 255f, within(tolerance));
      assertThat(img.get(0, y, 60)).isCloseTo(192 / 255f, within(tolerance));
    }
  }

  @Test
  void sixteenBitGreyIsScaledBy65535() throws ImageProblem {
    DecodedImage img = Fixtures.decode("grey16.png");
    assertThat(img.channels()).isEqualTo(1);
    assertThat(img.width()).isEqualTo(8);
    assertThat(img.height()).isEqualTo(16);
    for (int i = 0; i < 8 * 16; i++) {
      assertThat(img.get(0, i / 8, i % 8)).isEqualTo((300 * i + 7) / 65535f);
    }
  }

  @Test
  void sixteenBitRgbIsScaledBy65535() throws ImageProblem {
    DecodedImage img = Fixtures.decode("rgb16.png");
    assertThat(img.channels()).isEqualTo(3);
    for (int i = 0; i < 8 * 16; i++) {
      int y = i / 8;
      int x = i % 8;
      assertThat(img.get(0, y, x)).isEqualTo((300 * i + 7) / 65535f);
      assertThat(img.get(1, y, x)).isEqualTo((65535 - 200 * i) / 65535f);
      assertThat(img.get(2, y, x)).isEqualTo(((4099 * i) % 65536) / 65535f);
    }
  }

  @Test
  void oneBitPngIsGrey() throws Exception {
    java.awt.image.BufferedImage bits =
        new java.awt.image.BufferedImage(5, 3, java.awt.image.BufferedImage.TYPE_BYTE_BINARY);
    bits.getRaster().setSample(1, 0, 0, 1);
    bits.getRaster().setSample(4, 2, 0, 1);
    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
    assertThat(javax.imageio.ImageIO.write(bits, "png", png)).isTrue();
    DecodedImage img = ImageDecoder.decode(png.toByteArray(), 100);
    assertThat(img.channels()).isEqualTo(1);
    assertThat(img.pixels()).containsExactly(0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
  }

  @Test
  void pixelGuardRefusesHugePngQuickly() {
    byte[] huge = Fixtures.bytes("huge.png");
    long start = System.nanoTime();
    assertThatThrownBy(() -> ImageDecoder.decode(huge, ImageDecoder.DEFAULT_MAX_PIXELS))
        .isInstanceOf(ImageProblem.class)
        .hasMessage(
            "image is 10000x9000 = 90000000 pixels, over the limit of 89478485 (--max-pixels)");
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(2.0);
  }

  @Test
  void pixelGuardReadsOnlyTheHeader() {
    // Signature and IHDR only, no pixel data at all: still the size message, not "truncated".
    byte[] headerOnly = Arrays.copyOf(Fixtures.bytes("huge.png"), 8 + 25);
    assertThatThrownBy(() -> ImageDecoder.decode(headerOnly, ImageDecoder.DEFAULT_MAX_PIXELS))
        .isInstanceOf(ImageProblem.class)
        .hasMessageStartingWith("image is 10000x9000 = 90000000 pixels");
  }

  @Test
  void pixelGuardLimitIsInclusive() throws ImageProblem {
    byte[] png = Fixtures.bytes("rb.png");
    assertThat(ImageDecoder.decode(png, 64 * 48).width()).isEqualTo(64);
    assertThatThrownBy(() -> ImageDecoder.decode(png, 64 * 48 - 1))
        .isInstanceOf(ImageProblem.class)
        .hasMessage("image is 64x48 = 3072 pixels, over the limit of 3071 (--max-pixels)");
  }

  @Test
  void truncatedJpegIsAProblemNotAGreyImage() {
    // The JDK's libjpeg glue reports the missing end as a warning and would return grey pixels.
    assertThatThrownBy(() -> Fixtures.decode("truncated.jpg"))
        .isInstanceOf(ImageProblem.class)
        .hasMessage("truncated JPEG: Truncated File - Missing EOI marker");
  }

  @Test
  void jpegCutInsideItsHeadersIsAProblem() {
    byte[] jpg = Fixtures.bytes("rb-baseline.jpg");
    byte[] half = Arrays.copyOf(jpg, jpg.length / 2);
    assertThatThrownBy(() -> ImageDecoder.decode(half, ImageDecoder.DEFAULT_MAX_PIXELS))
        .isInstanceOf(ImageProblem.class)
        .message()
        .matches("(truncated|corrupt) JPEG: .+");
  }

  @Test
  void truncatedProgressiveJpegIsAProblem() {
    byte[] jpg = Fixtures.bytes("rb-progressive.jpg");
    byte[] cut = Arrays.copyOf(jpg, jpg.length - 40);
    assertThatThrownBy(() -> ImageDecoder.decode(cut, ImageDecoder.DEFAULT_MAX_PIXELS))
        .isInstanceOf(ImageProblem.class)
        .hasMessageStartingWith("truncated JPEG: ");
  }

  @Test
  void warningClassification() {
    assertThat(ImageDecoder.damaging("Premature end of JPEG file")).isTrue();
    assertThat(ImageDecoder.damaging("Corrupt JPEG data: premature end of data segment")).isTrue();
    assertThat(ImageDecoder.damaging("Corrupt JPEG data: bad Huffman code")).isTrue();
    assertThat(ImageDecoder.damaging("Corrupt JPEG data: 4 extraneous bytes before marker 0xd9"))
        .isFalse();
    assertThat(
            ImageDecoder.damaging(
                "No embedded ICC color profile, will convert using inaccurate CMYK to RGB"
                    + " conversion. Colors may look incorrect."))
        .isFalse();
  }

  @Test
  void truncatedPngIsAProblem() {
    assertThatThrownBy(() -> Fixtures.decode("truncated.png"))
        .isInstanceOf(ImageProblem.class)
        .hasMessageStartingWith("truncated PNG: ");
  }

  @Test
  void jpegWithGarbageAfterTheMarkerIsAProblem() {
    byte[] garbage = Arrays.copyOf(Fixtures.bytes("random.bin"), 200);
    garbage[0] = (byte) 0xff;
    garbage[1] = (byte) 0xd8;
    garbage[2] = (byte) 0xff;
    assertThatThrownBy(() -> ImageDecoder.decode(garbage, ImageDecoder.DEFAULT_MAX_PIXELS))
        .isInstanceOf(ImageProblem.class)
        .hasMessageStartingWith("corrupt JPEG: ")
        .hasMessageNotContaining("\n");
  }

  @Test
  void emptyFileIsAProblem() {
    assertThatThrownBy(() -> Fixtures.decode("empty.bin"))
        .isInstanceOf(ImageProblem.class)
        .hasMessage("empty image (0 bytes)");
  }

  @Test
  void randomBytesAreNamedByTheirFirstBytes() {
    byte[] random = Fixtures.bytes("random.bin");
    String hex =
        String.format(
            "%02x %02x %02x %02x",
            random[0] & 0xff, random[1] & 0xff, random[2] & 0xff, random[3] & 0xff);
    assertThatThrownBy(() -> Fixtures.decode("random.bin"))
        .isInstanceOf(ImageProblem.class)
        .hasMessage("not a JPEG or PNG image (starts with " + hex + ")");
  }

  @Test
  void otherFormatsAreRefusedByContentNotName() {
    assertThatThrownBy(() -> Fixtures.decode("page.html"))
        .isInstanceOf(ImageProblem.class)
        .hasMessage("not a JPEG or PNG image (starts with 3c 68 74 6d)");
    assertThatThrownBy(() -> Fixtures.decode("rb.gif"))
        .isInstanceOf(ImageProblem.class)
        .hasMessage("not a JPEG or PNG image (starts with 47 49 46 38, looks like GIF)");
    assertThatThrownBy(() -> ImageDecoder.decode(new byte[] {(byte) 0xff, (byte) 0xd8}, 10))
        .isInstanceOf(ImageProblem.class)
        .hasMessage("not a JPEG or PNG image (starts with ff d8)");
  }

  @Test
  void nonPositiveLimitIsAnArgumentError() {
    assertThatThrownBy(() -> ImageDecoder.decode(Fixtures.bytes("rb.png"), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPixels");
  }

  @Test
  void concurrentDecodingGivesTheSameResults() throws Exception {
    String[] names = {
      "rb-baseline.jpg", "rb-progressive.jpg", "rb-cmyk.jpg", "rb.png", "rgb16.png"
    };
    List<float[]> expected = new ArrayList<>();
    for (String name : names) {
      expected.add(Fixtures.decode(name).pixels());
    }
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        int first = t;
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 40; i++) {
                    int k = (first + i) % names.length;
                    if (!Arrays.equals(Fixtures.decode(names[k]).pixels(), expected.get(k))) {
                      return false;
                    }
                    try {
                      Fixtures.decode("truncated.jpg");
                      return false;
                    } catch (ImageProblem expectedProblem) {
                      // each thread's warnings stay its own
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
