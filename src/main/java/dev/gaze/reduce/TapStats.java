package dev.gaze.reduce;

import java.util.Arrays;

/**
 * What one image's feature map at one tap reduces to. Values are float32 as computed on the device;
 * aggregation accumulates them in double.
 *
 * @param tap the tap's name
 * @param channelMean per channel, the spatial mean
 * @param channelMax per channel, the spatial max
 * @param channelZeroFraction per channel, the fraction of positions {@code <= 0}
 * @param mapHeight the height of {@code spatial}
 * @param mapWidth the width of {@code spatial}
 * @param spatial the channel-averaged map, row-major, average-pooled down to at most {@link
 *     TapReducer#MAX_MAP_SIDE} a side
 */
public record TapStats(
    String tap,
    float[] channelMean,
    float[] channelMax,
    float[] channelZeroFraction,
    int mapHeight,
    int mapWidth,
    float[] spatial) {

  /**
   * One image's statistics from the values the reducers copy out per image and tap: {@code
   * channels} means, maxima and fractions of positions {@code > 0}, then the {@code height x width}
   * map, from {@code base} in {@code packed}.
   */
  static TapStats unpack(
      String tap, float[] packed, int base, int channels, int height, int width) {
    int c = channels;
    float[] zero = Arrays.copyOfRange(packed, base + 2 * c, base + 3 * c);
    for (int k = 0; k < c; k++) {
      zero[k] = 1f - zero[k];
    }
    return new TapStats(
        tap,
        Arrays.copyOfRange(packed, base, base + c),
        Arrays.copyOfRange(packed, base + c, base + 2 * c),
        zero,
        height,
        width,
        Arrays.copyOfRange(packed, base + 3 * c, base + 3 * c + height * width));
  }
}
