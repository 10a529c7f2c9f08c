package dev.gaze.report;

import java.util.Optional;

/**
 * One tap's rows and the names of the figures drawn for it, each empty when the tap's data did not
 * allow it (no spatial extent, no per-class rows, no dataset-wide row).
 *
 * @param rows the tap's rows
 * @param spatialGrid the file name of the per-class spatial map grid
 * @param channelHeatmap the file name of the class x channel heatmap
 * @param deadChannels the file name of the dead-channel chart
 * @param fullSet when the figures show a subset of the classes, the first page of the full set
 */
record TapFigures(
    TapRows rows,
    Optional<String> spatialGrid,
    Optional<String> channelHeatmap,
    Optional<String> deadChannels,
    Optional<String> fullSet) {

  /** Figures of every class (no full set elsewhere). */
  TapFigures(
      TapRows rows,
      Optional<String> spatialGrid,
      Optional<String> channelHeatmap,
      Optional<String> deadChannels) {
    this(rows, spatialGrid, channelHeatmap, deadChannels, Optional.empty());
  }
}
