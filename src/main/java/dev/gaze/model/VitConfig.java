package dev.gaze.model;

import java.io.Serializable;

/**
 * The shape of a Vision Transformer: square input, square patches, pre-norm blocks.
 *
 * @param imageSize the side of the (square) input image, in pixels
 * @param channels input channels (1 for grey, 3 for RGB)
 * @param patch the side of a patch; must divide {@code imageSize}
 * @param width the token width D
 * @param depth the number of Transformer blocks
 * @param heads attention heads per block; must divide {@code width}
 * @param mlpWidth the hidden width of each block's MLP
 * @param classes the number of logits
 */
public record VitConfig(
    int imageSize,
    int channels,
    int patch,
    int width,
    int depth,
    int heads,
    int mlpWidth,
    int classes)
    implements Serializable {

  /** Checks the shape. */
  public VitConfig {
    if (imageSize <= 0 || channels <= 0 || patch <= 0 || width <= 0) {
      throw new IllegalArgumentException("ViT sizes must be positive");
    }
    if (depth <= 0 || heads <= 0 || mlpWidth <= 0 || classes <= 0) {
      throw new IllegalArgumentException(
          "ViT depth, heads, MLP width and classes must be positive");
    }
    if (imageSize % patch != 0) {
      throw new IllegalArgumentException(
          "patch " + patch + " does not divide the image size " + imageSize);
    }
    if (width % heads != 0) {
      throw new IllegalArgumentException(heads + " heads do not divide the width " + width);
    }
  }

  /** Patches along one side. */
  public int grid() {
    return imageSize / patch;
  }

  /** Number of patches. */
  public int patches() {
    return grid() * grid();
  }

  /** Number of tokens: the class token and the patches. */
  public int tokens() {
    return 1 + patches();
  }

  /** Width of one head. */
  public int headWidth() {
    return width / heads;
  }
}
