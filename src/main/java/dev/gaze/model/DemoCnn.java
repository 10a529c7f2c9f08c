package dev.gaze.model;

import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import dev.gaze.image.InputSpec;
import dev.gaze.image.ResizePolicy;
import java.util.List;

/**
 * The built-in {@code demo-cnn}: a small ResNet-style CNN for 28x28 grey images (Fashion-MNIST).
 *
 * <p>Its top-level block is a {@link SequentialBlock} of five children, in this order: {@code stem}
 * (3x3 conv + BN + ReLU), {@code stage1}, {@code stage2} (stride 2), {@code stage3} (stride 2),
 * each stage two basic residual blocks (as in ResNet-18, at a smaller width), and the head (global
 * average pool + linear to 10 logits). The outputs of the first four children are the taps. The
 * structure here and the committed parameters file must agree: changing a width means retraining.
 */
public final class DemoCnn {

  /** The model's registry name. */
  public static final String NAME = "demo-cnn";

  /** Fashion-MNIST train-split pixel mean, after scaling to [0, 1]. */
  public static final float MEAN = 0.2860f;

  /** Fashion-MNIST train-split pixel standard deviation, after scaling to [0, 1]. */
  public static final float STD = 0.3530f;

  private static final int SIDE = 28;
  private static final int CLASSES = 10;
  private static final int[] WIDTHS = {32, 64, 128};
  private static final int BLOCKS_PER_STAGE = 2;

  private static final ModelInfo INFO =
      new ModelInfo(
          NAME,
          "ResNet-style CNN (stem + 3 stages of 2 residual blocks, 16/32/64 channels) trained on"
              + " Fashion-MNIST",
          new InputSpec(
              1,
              SIDE,
              SIDE,
              SIDE,
              ResizePolicy.SHORTER_SIDE_THEN_CENTER_CROP,
              new float[] {MEAN},
              new float[] {STD}),
          CLASSES,
          List.of(
              TapSpec.reluActivation("stem", WIDTHS[0], SIDE, SIDE),
              TapSpec.reluActivation("stage1", WIDTHS[0], SIDE, SIDE),
              TapSpec.reluActivation("stage2", WIDTHS[1], SIDE / 2, SIDE / 2),
              TapSpec.reluActivation("stage3", WIDTHS[2], SIDE / 4, SIDE / 4)));

  private DemoCnn() {}

  /** The static description; needs no engine. */
  public static ModelInfo info() {
    return INFO;
  }

  /** One stage: {@value #BLOCKS_PER_STAGE} basic residual blocks, the first one striding. */
  private static SequentialBlock stage(int in, int out, int stride) {
    SequentialBlock stage = new SequentialBlock().add(ResidualBlocks.basic(in, out, stride));
    for (int i = 1; i < BLOCKS_PER_STAGE; i++) {
      stage.add(ResidualBlocks.basic(out, out, 1));
    }
    return stage;
  }

  /**
   * A fresh, uninitialised block with this architecture: children {@code stem, stage1, stage2,
   * stage3, head}, in that order (see {@link ModelInfo#tapNames()} for the first four).
   */
  public static SequentialBlock newBlock() {
    return new SequentialBlock()
        .add(ResidualBlocks.convBnRelu(3, WIDTHS[0], 1))
        .add(stage(WIDTHS[0], WIDTHS[0], 1))
        .add(stage(WIDTHS[0], WIDTHS[1], 2))
        .add(stage(WIDTHS[1], WIDTHS[2], 2))
        .add(
            new SequentialBlock()
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(CLASSES).build()));
  }
}
