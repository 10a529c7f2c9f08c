package dev.gaze.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-norm Transformer block over tokens {@code [B, T, D]}: {@code x + attn(ln1(x))}, then
 * {@code x + mlp(ln2(x))}, where the MLP is linear, GELU, linear. The attention is written out
 * (scaled dot products, softmax over keys, weighted values) so that its probabilities {@code [B,
 * heads, T, T]} are a value the caller can see.
 */
final class VitEncoderBlock extends AbstractBlock {

  private static final byte VERSION = 1;

  private final int width;
  private final int heads;
  private final LayerNorm norm1;
  private final Linear qkv;
  private final Linear projection;
  private final LayerNorm norm2;
  private final Linear hidden;
  private final Linear output;

  VitEncoderBlock(int width, int heads, int mlpWidth) {
    super(VERSION);
    this.width = width;
    this.heads = heads;
    norm1 = addChildBlock("norm1", LayerNorm.builder().axis(2).build());
    qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * width).build());
    projection = addChildBlock("projection", Linear.builder().setUnits(width).build());
    norm2 = addChildBlock("norm2", LayerNorm.builder().axis(2).build());
    hidden = addChildBlock("mlp1", Linear.builder().setUnits(mlpWidth).build());
    output = addChildBlock("mlp2", Linear.builder().setUnits(width).build());
  }

  /**
   * The block's output tokens and its attention probabilities.
   *
   * @param x {@code [B, T, D]}
   * @return {@code [B, T, D]} and {@code [B, heads, T, T]}, in that order
   */
  NDList forwardWithAttention(ParameterStore store, NDArray x, boolean training) {
    Shape shape = x.getShape();
    long batch = shape.get(0);
    long tokens = shape.get(1);
    long headWidth = width / heads;
    NDArray h = norm1.forward(store, new NDList(x), training).singletonOrThrow();
    NDArray packed = qkv.forward(store, new NDList(h), training).singletonOrThrow();
    // [B, T, 3, heads, d] -> [3, B, heads, T, d]
    NDArray split = packed.reshape(batch, tokens, 3, heads, headWidth).transpose(2, 0, 3, 1, 4);
    // the 1/sqrt(d) scale on the queries: the same scores, on a tensor T/d times smaller
    NDArray q = split.get(0).mul((float) (1 / Math.sqrt(headWidth)));
    NDArray k = split.get(1);
    NDArray v = split.get(2);
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2));
    NDArray attention = scores.softmax(-1);
    NDArray context =
        attention.matMul(v).transpose(0, 2, 1, 3).reshape(batch, tokens, (long) width);
    NDArray attended = projection.forward(store, new NDList(context), training).singletonOrThrow();
    NDArray y = x.add(attended);
    NDArray m = norm2.forward(store, new NDList(y), training).singletonOrThrow();
    NDArray mlp = hidden.forward(store, new NDList(m), training).singletonOrThrow();
    mlp = output.forward(store, new NDList(Activation.gelu(mlp)), training).singletonOrThrow();
    return new NDList(y.add(mlp), attention);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(forwardWithAttention(store, inputs.singletonOrThrow(), training).get(0));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape tokens = inputShapes[0];
    Shape wide = new Shape(tokens.get(0), tokens.get(1), width);
    norm1.initialize(manager, dataType, tokens);
    qkv.initialize(manager, dataType, wide);
    projection.initialize(manager, dataType, wide);
    norm2.initialize(manager, dataType, wide);
    hidden.initialize(manager, dataType, wide);
    Shape mlp = hidden.getOutputShapes(new Shape[] {wide})[0];
    output.initialize(manager, dataType, mlp);
  }
}
