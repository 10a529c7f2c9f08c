package dev.gaze.model;

import ai.djl.nn.Block;
import dev.gaze.image.InputSpec;
import dev.gaze.image.ResizePolicy;

/**
 * The built-in {@code demo-vit}: a small Vision Transformer for 28x28 grey images (Fashion-MNIST),
 * patch 4 (a 7x7 grid, 50 tokens with the class token), width 192, 4 blocks of 3 heads of 64, MLP
 * width 768: ViT-Tiny's sizes (the smallest standard ViT) with 4 blocks instead of 12. The
 * structure here and the committed parameters file must agree: changing a size means retraining.
 */
public final class DemoVit {

  /** The model's registry name. */
  public static final String NAME = "demo-vit";

  /** The architecture. */
  public static final VitConfig CONFIG = new VitConfig(28, 1, 4, 192, 4, 3, 768, 10);

  private static final ModelInfo INFO =
      new ModelInfo(
          NAME,
          "Vision Transformer (patch 4 on a 7x7 grid, width 192, 4 blocks of 3 heads) trained on"
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
