package dev.gaze.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import java.util.List;

/** Building blocks of {@link DemoCnn}: convolution + batch norm, and the basic residual block. */
final class ResidualBlocks {

  private ResidualBlocks() {}

  /** A {@code k x k} convolution without bias (batch norm follows), padding {@code k / 2}. */
  static Block conv(int kernel, int filters, int stride) {
    return Conv2d.builder()
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(kernel / 2, kernel / 2))
        .setFilters(filters)
        .optBias(false)
        .build();
  }

  /** Convolution, batch norm over the channel axis, ReLU. */
  static SequentialBlock convBnRelu(int kernel, int filters, int stride) {
    return new SequentialBlock()
        .add(conv(kernel, filters, stride))
        .add(BatchNorm.builder().build())
        .add(Activation.reluBlock());
  }

  /**
   * The basic residual block: {@code relu(bn(conv(relu(bn(conv(x))))) + shortcut(x))}, where the
   * shortcut is the identity, or a strided 1x1 convolution + batch norm when the shape changes.
   */
  static SequentialBlock basic(int inChannels, int outChannels, int stride) {
    SequentialBlock main =
        new SequentialBlock()
            .add(conv(3, outChannels, stride))
            .add(BatchNorm.builder().build())
            .add(Activation.reluBlock())
            .add(conv(3, outChannels, 1))
            .add(BatchNorm.builder().build());
    Block shortcut =
        stride == 1 && inChannels == outChannels
            ? Blocks.identityBlock()
            : new SequentialBlock()
                .add(conv(1, outChannels, stride))
                .add(BatchNorm.builder().build());
    ParallelBlock sum =
        new ParallelBlock(
            branches ->
                new NDList(
                    branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow())),
            List.of(main, shortcut));
    return new SequentialBlock().add(sum).add(Activation.reluBlock());
  }
}
