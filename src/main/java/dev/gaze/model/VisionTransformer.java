package dev.gaze.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A Vision Transformer (Dosovitskiy et al. 2021) as a DJL block: a patch embedding (a convolution
 * whose kernel and stride are the patch), a learned class token and learned position embeddings,
 * {@code depth} pre-norm {@link VitEncoderBlock}s, a final layer norm, and a linear head on the
 * class token. Input {@code [B, C, S, S]}, output logits {@code [B, classes]}.
 *
 * <p>Besides the block's own {@code forward} (used for training), the stages are exposed one by one
 * ({@link #embed}, {@link #block}, {@link #head}) so that a hooked forward can see each block's
 * attention probabilities and output tokens.
 */
final class VisionTransformer extends AbstractBlock {

  private static final byte VERSION = 1;
  private static final float EMBEDDING_SIGMA = 0.02f;

  private final VitConfig config;
  private final Conv2d patchEmbedding;
  private final Parameter classToken;
  private final Parameter positions;
  private final List<VitEncoderBlock> blocks = new ArrayList<>();
  private final LayerNorm finalNorm;
  private final Linear classifier;

  VisionTransformer(VitConfig config) {
    super(VERSION);
    this.config = config;
    patchEmbedding =
        addChildBlock(
            "patch_embedding",
            Conv2d.builder()
                .setKernelShape(new Shape(config.patch(), config.patch()))
                .optStride(new Shape(config.patch(), config.patch()))
                .setFilters(config.width())
                .build());
    classToken =
        addParameter(
            Parameter.builder()
                .setName("class_token")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(1, 1, config.width()))
                .optInitializer(new NormalInitializer(EMBEDDING_SIGMA))
                .build());
    positions =
        addParameter(
            Parameter.builder()
                .setName("positions")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(1, config.tokens(), config.width()))
                .optInitializer(new NormalInitializer(EMBEDDING_SIGMA))
                .build());
    for (int i = 0; i < config.depth(); i++) {
      blocks.add(
          addChildBlock(
              "block" + (i + 1),
              new VitEncoderBlock(config.width(), config.heads(), config.mlpWidth())));
    }
    finalNorm = addChildBlock("final_norm", LayerNorm.builder().axis(1).build());
    classifier = addChildBlock("head", Linear.builder().setUnits(config.classes()).build());
  }

  /** The architecture. */
  VitConfig config() {
    return config;
  }

  /** The input tokens {@code [B, T, D]}: class token first, then the patches row-major. */
  NDArray embed(ParameterStore store, NDArray images, boolean training) {
    NDArray patches =
        patchEmbedding.forward(store, new NDList(images), training).singletonOrThrow();
    long batch = patches.getShape().get(0);
    // [B, D, g, g] -> [B, g*g, D]
    NDArray tokens = patches.reshape(batch, config.width(), config.patches()).transpose(0, 2, 1);
    NDArray cls = store.getValue(classToken, images.getDevice(), training);
    NDArray pos = store.getValue(positions, images.getDevice(), training);
    // Every op's result joins its first operand's manager: the data comes first, so that nothing
    // of a batch lands in the parameters' manager (which lives as long as the model).
    NDArray clsBatch = tokens.get(":, 0:1, :").zerosLike().add(cls);
    return NDArrays.concat(new NDList(clsBatch, tokens), 1).add(pos);
  }

  /** Block {@code i} (0-based). */
  VitEncoderBlock block(int i) {
    return blocks.get(i);
  }

  /**
   * The logits {@code [B, classes]} from the last block's tokens: final norm of the class token.
   */
  NDArray head(ParameterStore store, NDArray tokens, boolean training) {
    NDArray cls = tokens.get(":, 0, :");
    NDArray normed = finalNorm.forward(store, new NDList(cls), training).singletonOrThrow();
    return classifier.forward(store, new NDList(normed), training).singletonOrThrow();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = embed(store, inputs.singletonOrThrow(), training);
    for (VitEncoderBlock block : blocks) {
      x = block.forwardWithAttention(store, x, training).get(0);
    }
    return new NDList(head(store, x, training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), config.classes())};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape images = inputShapes[0];
    patchEmbedding.initialize(manager, dataType, images);
    Shape tokens = new Shape(images.get(0), config.tokens(), config.width());
    for (VitEncoderBlock block : blocks) {
      block.initialize(manager, dataType, tokens);
    }
    Shape cls = new Shape(images.get(0), config.width());
    finalNorm.initialize(manager, dataType, cls);
    classifier.initialize(manager, dataType, cls);
  }
}
