package dev.gaze.image;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What a model expects as input: a {@code channels x height x width} float tensor, values scaled to
 * [0, 1] and then normalised per channel as {@code (v - mean[c]) / std[c]}.
 *
 * @param channels 1 (grey, ITU-R 601 luma as Pillow's {@code convert("L")}) or 3 (RGB)
 * @param height input height in pixels
 * @param width input width in pixels
 * @param resizeTo the shorter-side size for {@link ResizePolicy#SHORTER_SIDE_THEN_CENTER_CROP}
 * @param policy how images of other sizes are resized
 * @param mean per-channel mean, length {@code channels}
 * @param std per-channel standard deviation, length {@code channels}, all positive
 * @param interpolation the resize filter (antialiased, as Pillow's)
 */
public record InputSpec(
    int channels,
    int height,
    int width,
    int resizeTo,
    ResizePolicy policy,
    float[] mean,
    float[] std,
    Interpolation interpolation)
    implements Serializable {

  /** A spec that resizes with antialiased bilinear interpolation. */
  public InputSpec(
      int channels,
      int height,
      int width,
      int resizeTo,
      ResizePolicy policy,
      float[] mean,
      float[] std) {
    this(channels, height, width, resizeTo, policy, mean, std, Interpolation.BILINEAR);
  }

  /** Validates the spec. */
  public InputSpec {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    if (height <= 0 || width <= 0 || resizeTo <= 0) {
      throw new IllegalArgumentException(
          "input size must be positive, got " + height + "x" + width + " resize " + resizeTo);
    }
    if (mean.length != channels || std.length != channels) {
      throw new IllegalArgumentException("mean and std need one value per channel");
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("std must be positive, got " + Arrays.toString(std));
      }
    }
    if (interpolation == null) {
      throw new IllegalArgumentException("interpolation must be given (bilinear or bicubic)");
    }
    mean = mean.clone();
    std = std.clone();
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  /** Number of floats in one preprocessed image. */
  public int size() {
    return channels * height * width;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InputSpec s
        && channels == s.channels
        && height == s.height
        && width == s.width
        && resizeTo == s.resizeTo
        && policy == s.policy
        && interpolation == s.interpolation
        && Arrays.equals(mean, s.mean)
        && Arrays.equals(std, s.std);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * channels + height) * 31
        + width
        + Arrays.hashCode(mean)
        + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return String.format(
        "%dx%dx%d (%s, %s, resize %d, mean %s, std %s)",
        channels,
        height,
        width,
        policy,
        interpolation.label(),
        resizeTo,
        Arrays.toString(mean),
        Arrays.toString(std));
  }
}
