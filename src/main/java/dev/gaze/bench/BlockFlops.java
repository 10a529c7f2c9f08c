package dev.gaze.bench;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;

/**
 * Multiply-accumulates of a DJL block per image, counted from its structure and shapes:
 * convolutions ({@code C_out * H_out * W_out * C_in / groups * k_h * k_w}) and linear layers
 * ({@code in * out}). Normalisation, activations, pooling and additions are left out (memory-bound,
 * a few percent of a CNN's arithmetic). Walks {@link SequentialBlock}s and {@link ParallelBlock}s;
 * other blocks count only through their children when they are one of these.
 */
public final class BlockFlops {

  private BlockFlops() {}

  /**
   * Multiply-accumulates of one image through {@code block}, an initialised block.
   *
   * @param input the block's input shape for one image, {@code [1, C, H, W]}
   */
  public static long macs(Block block, Shape input) {
    long[] macs = new long[1];
    walk(block, new Shape[] {input}, macs);
    return macs[0];
  }

  private static Shape[] walk(Block block, Shape[] in, long[] macs) {
    if (block instanceof SequentialBlock sequence) {
      Shape[] x = in;
      for (Block child : sequence.getChildren().values()) {
        x = walk(child, x, macs);
      }
      return x;
    }
    if (block instanceof ParallelBlock parallel) {
      for (Block child : parallel.getChildren().values()) {
        walk(child, in, macs);
      }
      return parallel.getOutputShapes(in);
    }
    Shape[] out = block.getOutputShapes(in);
    if (block instanceof Convolution conv) {
      Shape o = out[0];
      long spatial = 1;
      for (int d = 2; d < o.dimension(); d++) {
        spatial *= o.get(d);
      }
      long kernel = conv.getKernelShape().size();
      long inChannels = in[0].get(1);
      macs[0] += o.get(1) * spatial * (inChannels / conv.getGroups()) * kernel;
    } else if (block instanceof Linear) {
      macs[0] += in[0].get(in[0].dimension() - 1) * out[0].get(out[0].dimension() - 1);
    }
    return out;
  }
}
