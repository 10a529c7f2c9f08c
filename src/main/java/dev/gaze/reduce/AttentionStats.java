package dev.gaze.reduce;

/**
 * What one image's attention probabilities at one Transformer block reduce to. Values are float32
 * as computed on the device. Index {@code h < heads} is head {@code h}; index {@code heads} is the
 * head-averaged attention (the attention that rollout uses), whose row in the tables is head -1.
 *
 * @param tap the attention tap's name
 * @param heads the block's number of heads
 * @param gridSide patches along one side of the square grid
 * @param classMaps {@code (heads + 1) x patches}: the class token's attention over the patches,
 *     without its weight on itself, renormalised to sum to 1
 * @param entropy {@code heads + 1}: the natural-log entropy of each class-token map
 * @param distance {@code heads + 1}: the mean attention distance, in patch units (see {@code
 *     dev.gaze.stats.AttentionMath#meanDistance})
 * @param borderFraction {@code heads + 1}: the share of each class-token map on the outer ring
 * @param cosine {@code heads * (heads - 1) / 2}: the cosine similarity of the class-token maps of
 *     each pair of heads {@code a < b}, in the order (0,1), (0,2), ..., (1,2), ...
 */
public record AttentionStats(
    String tap,
    int heads,
    int gridSide,
    float[] classMaps,
    float[] entropy,
    float[] distance,
    float[] borderFraction,
    float[] cosine) {

  /** Patches in the grid. */
  public int patches() {
    return gridSide * gridSide;
  }

  /** Head {@code h}'s class-token map ({@code h == heads} for the head average). */
  public float[] classMap(int h) {
    return java.util.Arrays.copyOfRange(classMaps, h * patches(), (h + 1) * patches());
  }
}
