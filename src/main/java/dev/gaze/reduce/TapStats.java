package dev.gaze.reduce;

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
    float[] spatial) {}
