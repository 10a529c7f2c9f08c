package dev.gaze.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColormapTest {

  private final Colormap viridis = Colormap.viridis();

  @Test
  void hasTheEndpointsOfMatplotlibsViridis() {
    assertThat(viridis.size()).isEqualTo(256);
    assertThat(viridis.entry(0)).isEqualTo(0x440154);
    assertThat(viridis.entry(255)).isEqualTo(0xFDE725);
  }

  @Test
  void resourceLuminanceRisesStrictlyAndEntriesAreItsRoundedValues() throws IOException {
    List<double[]> rows = resourceRows();
    assertThat(rows).hasSize(256);
    for (int i = 0; i < rows.size(); i++) {
      double[] rgb = rows.get(i);
      int expected =
          (int) Math.round(rgb[0] * 255) << 16
              | (int) Math.round(rgb[1] * 255) << 8
              | (int) Math.round(rgb[2] * 255);
      assertThat(viridis.entry(i)).as("entry %d", i).isEqualTo(expected);
      if (i > 0) {
        assertThat(luminance(rgb)).as("entry %d", i).isGreaterThan(luminance(rows.get(i - 1)));
      }
    }
  }

  @Test
  void eightBitEntriesAreMonotoneUpToRounding() {
    for (int i = 1; i < 256; i++) {
      // Rounding to 8 bits can tie or undo a rise smaller than half a step; never more.
      assertThat(luminance(viridis.entry(i)))
          .as("entry %d", i)
          .isGreaterThan(luminance(viridis.entry(i - 1)) - 0.001);
    }
    for (int i = 8; i < 256; i++) {
      assertThat(luminance(viridis.entry(i))).isGreaterThan(luminance(viridis.entry(i - 8)));
    }
  }

  @Test
  void mapsTheRangeOntoTheTableAndNanToGrey() {
    assertThat(viridis.rgb(2, 2, 4)).isEqualTo(viridis.entry(0));
    assertThat(viridis.rgb(4, 2, 4)).isEqualTo(viridis.entry(255));
    assertThat(viridis.rgb(3, 2, 4)).isEqualTo(viridis.entry(128));
    assertThat(viridis.rgb(-10, 2, 4)).isEqualTo(viridis.entry(0));
    assertThat(viridis.rgb(10, 2, 4)).isEqualTo(viridis.entry(255));
    assertThat(viridis.rgb(2.0 + 2.0 * 100.5 / 256, 2, 4)).isEqualTo(viridis.entry(100));
    assertThat(viridis.rgb(Double.NaN, 2, 4)).isEqualTo(Colormap.NAN_RGB);
    assertThat(viridis.rgb(7, 5, 5)).isEqualTo(viridis.entry(128));
  }

  private static List<double[]> resourceRows() throws IOException {
    try (InputStream in = Colormap.class.getResourceAsStream("viridis.csv")) {
      assertThat(in).isNotNull();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(text).contains("CC0").contains("matplotlib");
      return text.lines()
          .filter(l -> !l.startsWith("#") && !l.isBlank() && !l.startsWith("r,"))
          .map(
              l -> java.util.Arrays.stream(l.split(",")).mapToDouble(Double::parseDouble).toArray())
          .toList();
    }
  }

  /** Relative luminance (WCAG) of sRGB components in [0, 1]. */
  static double luminance(double[] rgb) {
    return 0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2]);
  }

  /** Relative luminance of {@code 0xRRGGBB}. */
  static double luminance(int rgb) {
    return luminance(
        new double[] {
          ((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0, (rgb & 0xFF) / 255.0
        });
  }

  private static double linear(double c) {
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }
}
