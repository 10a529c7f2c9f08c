package dev.gaze.aggregate;

/**
 * One row of the {@code activation_stats} table: what one tap responds to over the images of one
 * class (or of the whole dataset, with {@code classId == -1}). Field meanings are documented in the
 * table's page, docs/output-tables.md; arrays are copied on neither side, treat them as read-only.
 *
 * @param classId the class index, or -1 for the dataset-wide row
 * @param className the class name, or {@code "(all)"}
 * @param tap the tap's name
 * @param images how many images contributed
 * @param channels the tap's channel count
 * @param height the height of {@code spatialMean} (the tap's, average-pooled down to at most 64)
 * @param width the width of {@code spatialMean}
 * @param channelMean per channel, mean over images of the channel's spatial mean
 * @param channelStd per channel, population standard deviation over images of that spatial mean
 * @param channelMax per channel, mean over images of the channel's spatial max
 * @param channelZeroFraction per channel, mean over images of the fraction of positions {@code <=
 *     0}
 * @param spatialMean row-major {@code height * width}, mean over images of the channel-averaged map
 */
public record ActivationStats(
    int classId,
    String className,
    String tap,
    long images,
    int channels,
    int height,
    int width,
    double[] channelMean,
    double[] channelStd,
    double[] channelMax,
    double[] channelZeroFraction,
    double[] spatialMean) {

  /** The class id of the dataset-wide rows. */
  public static final int ALL_CLASSES = -1;

  /** The class name of the dataset-wide rows. */
  public static final String ALL_CLASSES_NAME = "(all)";

  /** Whether this is a dataset-wide row. */
  public boolean isDatasetWide() {
    return classId == ALL_CLASSES;
  }
}
