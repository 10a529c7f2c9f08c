package dev.gaze.image;

/** How an image of any size is brought to a model's input size. */
public enum ResizePolicy {
  /**
   * Resize (antialiased bilinear) so that the shorter side equals {@link InputSpec#resizeTo()},
   * keeping the aspect ratio, then cut the centre {@code height x width} (torchvision's eval
   * transform: {@code Resize(resizeTo)} then {@code CenterCrop}).
   */
  SHORTER_SIDE_THEN_CENTER_CROP,
  /**
   * Resize (antialiased bilinear) straight to {@code height x width}, ignoring the aspect ratio.
   */
  STRETCH
}
