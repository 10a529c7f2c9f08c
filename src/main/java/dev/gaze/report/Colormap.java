package dev.gaze.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A colour lookup table that maps a value in a range to an sRGB colour: the low end of the range to
 * the first entry, the high end to the last. NaN maps to a neutral grey.
 */
public final class Colormap {

  /** The colour of NaN values: a neutral mid grey. */
  public static final int NAN_RGB = 0xBDBDBD;

  private static final String VIRIDIS_RESOURCE = "viridis.csv";
  private static final Colormap VIRIDIS = load(VIRIDIS_RESOURCE);

  private final int[] lut;

  private Colormap(int[] lut) {
    this.lut = lut;
  }

  /** Matplotlib's viridis, 256 entries (dark violet to yellow), perceptually uniform. */
  public static Colormap viridis() {
    return VIRIDIS;
  }

  /**
   * A sequential blue scale, 256 entries from near-white ({@code #f7fbff}) through {@code #6baed6}
   * to dark blue ({@code #08306b}), linear in RGB between those stops (the ends and middle of
   * ColorBrewer's Blues): more attention is darker.
   */
  public static Colormap blues() {
    return between(0xF7FBFF, 0xC6DBEF, 0x6BAED6, 0x2171B5, 0x08306B);
  }

  /**
   * A diverging scale for signed differences, 256 entries from dark blue ({@code #2166ac}) through
   * near-white ({@code #f7f7f7}) at the middle to dark red ({@code #b2182b}), linear in RGB between
   * ColorBrewer RdBu's stops: below zero blue, above red, on a range centred on 0.
   */
  public static Colormap diverging() {
    return between(0x2166AC, 0x67A9CF, 0xF7F7F7, 0xEF8A62, 0xB2182B);
  }

  private static Colormap between(int... stops) {
    int[] lut = new int[256];
    for (int i = 0; i < lut.length; i++) {
      double t = i / 255.0 * (stops.length - 1);
      int k = Math.min(stops.length - 2, (int) Math.floor(t));
      double f = t - k;
      int rgb = 0;
      for (int shift = 16; shift >= 0; shift -= 8) {
        int a = (stops[k] >> shift) & 0xFF;
        int b = (stops[k + 1] >> shift) & 0xFF;
        rgb |= ((int) Math.round(a + f * (b - a))) << shift;
      }
      lut[i] = rgb;
    }
    return new Colormap(lut);
  }

  /** The number of entries in the table. */
  public int size() {
    return lut.length;
  }

  /** Entry {@code i} as {@code 0xRRGGBB}. */
  public int entry(int i) {
    return lut[i];
  }

  /**
   * The colour of {@code value} on the scale {@code [lo, hi]} as {@code 0xRRGGBB}: values outside
   * are clamped to the ends; NaN gives {@link #NAN_RGB}; when {@code hi <= lo} every finite value
   * gets the middle entry.
   */
  public int rgb(double value, double lo, double hi) {
    if (Double.isNaN(value)) {
      return NAN_RGB;
    }
    if (!(hi > lo)) {
      return lut[lut.length / 2];
    }
    double t = (value - lo) / (hi - lo);
    int i = (int) Math.floor(t * lut.length);
    return lut[Math.max(0, Math.min(lut.length - 1, i))];
  }

  /** The colour at position {@code t} in {@code [0, 1]} (clamped), as {@code 0xRRGGBB}. */
  public int at(double t) {
    return rgb(t, 0, 1);
  }

  private static Colormap load(String resource) {
    try (InputStream in = Colormap.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "colormap resource missing from the class path: " + resource);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<Integer> entries = new ArrayList<>();
      boolean header = true;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        if (header) {
          header = false;
          continue;
        }
        String[] parts = trimmed.split(",");
        if (parts.length != 3) {
          throw new IllegalStateException(
              resource + ": expected 3 comma-separated components, got: " + trimmed);
        }
        entries.add((channel(parts[0]) << 16) | (channel(parts[1]) << 8) | channel(parts[2]));
      }
      return new Colormap(entries.stream().mapToInt(Integer::intValue).toArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read colormap resource " + resource, e);
    }
  }

  private static int channel(String component) {
    double v = Double.parseDouble(component.strip());
    return (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
  }
}
