package dev.gaze.report;

import dev.gaze.aggregate.AttentionRows;
import java.util.List;
import java.util.Optional;

/**
 * The attention page's figures, for the page itself, the links from {@code index.html} and the PDF.
 *
 * @param blocks per attention tap in forward order, its figures
 * @param rollout the rollout figure, when every block was analysed
 * @param profile the entropy and distance chart
 * @param border the classes ranked by border fraction
 */
record AttentionFigures(
    List<Block> blocks,
    Optional<String> rollout,
    Optional<String> profile,
    List<BorderRank> border) {

  /** The section anchors of the attention page that are not a block's. */
  static final String ROLLOUT_ANCHOR = "rollout";

  static final String PROFILE_ANCHOR = "profile";

  static final String BORDER_ANCHOR = "border";

  /**
   * One attention tap's figures.
   *
   * @param tap the tap
   * @param anchor its section's anchor on the attention page
   * @param maps the heads x classes class-token maps
   * @param similarity the head-similarity matrix
   * @param redundant the pairs above {@link AttentionReport#REDUNDANT}
   */
  record Block(
      String tap,
      String anchor,
      Optional<String> maps,
      Optional<String> similarity,
      List<AttentionRows.HeadPair> redundant) {}

  /**
   * One class's border fractions of the head-mean attention.
   *
   * @param classId the class id
   * @param className the class
   * @param mean the mean over blocks
   * @param perBlock per block in the order of {@link AttentionFigures#blocks()}
   */
  record BorderRank(int classId, String className, double mean, double[] perBlock) {}

  /** The anchor of tap {@code tap}'s block section, if it has one. */
  Optional<String> blockAnchor(String tap) {
    return blocks.stream().filter(b -> b.tap().equals(tap)).map(Block::anchor).findFirst();
  }
}
