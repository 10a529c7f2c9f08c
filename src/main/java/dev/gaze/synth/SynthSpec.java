package dev.gaze.synth;

/**
 * What {@code gaze synth} writes: validated once, at construction.
 *
 * @param images how many images
 * @param classes how many classes; image {@code i} has class {@code i % classes}
 * @param perShard images per shard (the last shard may hold fewer)
 * @param seed the seed; the same spec gives byte-identical shards
 * @param minSide the shortest side an image may have, in pixels
 * @param maxSide the longest side an image may have, in pixels
 * @param minQuality the lowest JPEG quality (1-100) an image may get
 * @param maxQuality the highest JPEG quality (1-100) an image may get
 */
public record SynthSpec(
    int images,
    int classes,
    int perShard,
    long seed,
    int minSide,
    int maxSide,
    int minQuality,
    int maxQuality) {

  /** The largest side accepted, so that one image stays a few megabytes at most. */
  public static final int MAX_SIDE = 4096;

  /**
   * @throws IllegalArgumentException naming the first bad value and what would be valid
   */
  public SynthSpec {
    if (images < 1) {
      throw new IllegalArgumentException("--images " + images + " must be at least 1");
    }
    if (classes < 1 || classes > 100_000) {
      throw new IllegalArgumentException(
          "--classes " + classes + " is out of range; valid: 1 to 100000");
    }
    if (perShard < 1) {
      throw new IllegalArgumentException("images per shard " + perShard + " must be at least 1");
    }
    if (minSide < 8 || maxSide > MAX_SIDE || minSide > maxSide) {
      throw new IllegalArgumentException(
          "--min-side "
              + minSide
              + " and --max-side "
              + maxSide
              + " are not valid; need 8 <= min-side <= max-side <= "
              + MAX_SIDE);
    }
    if (minQuality < 1 || maxQuality > 100 || minQuality > maxQuality) {
      throw new IllegalArgumentException(
          "--quality "
              + minQuality
              + "-"
              + maxQuality
              + " is not valid; give Q or LO-HI with 1 <= LO <= HI <= 100");
    }
  }

  /** How many shards the images fill. */
  public int shards() {
    return (int) ((images + (long) perShard - 1) / perShard);
  }

  /**
   * Images per shard for a wanted number of shards: spread as evenly as whole shards allow.
   *
   * @throws IllegalArgumentException when {@code shards} is below 1 or above {@code images}
   */
  public static int perShardFor(int images, int shards) {
    if (shards < 1 || shards > Math.max(1, images)) {
      throw new IllegalArgumentException(
          "--shards " + shards + " is out of range; valid: 1 to --images (" + images + ")");
    }
    return (int) ((images + (long) shards - 1) / shards);
  }
}
