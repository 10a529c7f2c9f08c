package dev.gaze.model;

import ai.djl.nn.Block;
import dev.gaze.image.InputSpec;
import dev.gaze.image.ResizePolicy;

/**
 * The built-in {@code demo-vit}: a small Vision Transformer for 28x28 grey images (Fashion-MNIST),
 * patch 4 (a 7x7 grid, 50 tokens with the class token), width 64, 4 blocks of 4 heads, MLP width
 * 128. The structure here and the committed parameters file must agree: changing a size means
 * retraining.
 */
public final class DemoVit {

  /** The model's registry name. */
  public static final String NAME = "demo-vit";

  /** The architecture. */
  public static final VitConfig CONFIG = new VitConfig(28, 1, 4, 64, 4, 4, 128, 10);

  private static final ModelInfo INFO =
      new ModelInfo(
          NAME,
          "Vision Transformer (patch 4 on a 7x7 grid, width 64, 4 blocks of 4 heads) trained on"
              + " Fashion-MNIST",
          new InputSpec(
              1,
              CONFIG.imageSize(),
              CONFIG.imageSize(),
              CONFIG.imageSize(),
              ResizePolicy.SHORTER_SIDE_THEN_CENTER_CROP,
              new float[] {DemoCnn.MEAN},
              new float[] {DemoCnn.STD}),
          CONFIG.classes(),
          BuiltinVit.tapsOf(CONFIG));

  private DemoVit() {}

  /** The static description; needs no engine. */
  public static ModelInfo info() {
    return INFO;
  }

  /** A fresh, uninitialised block with this architecture. */
  public static Block newBlock() {
    return new VisionTransformer(CONFIG);
  }
}
