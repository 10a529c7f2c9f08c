package dev.gaze.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import org.junit.jupiter.api.Test;

class BlockFlopsTest {

  /** MACs of a k x k convolution from cin to cout channels with an output of side x side. */
  private static long conv(int k, int cin, int cout, int side) {
    return (long) side * side * cout * cin * k * k;
  }

  @Test
  void demoCnnByHand() {
    long stem = conv(3, 1, 32, 28);
    long stage1 = 4 * conv(3, 32, 32, 28);
    long stage2 =
        conv(3, 32, 64, 14) + conv(3, 64, 64, 14) + conv(1, 32, 64, 14) + 2 * conv(3, 64, 64, 14);
    long stage3 =
        conv(3, 64, 128, 7) + conv(3, 128, 128, 7) + conv(1, 64, 128, 7) + 2 * conv(3, 128, 128, 7);
    long head = 128 * 10;
    assertThat(ModelFlops.macsPerImage("demo-cnn"))
        .isEqualTo(stem + stage1 + stage2 + stage3 + head)
        .isEqualTo(80_508_672L);
    assertThat(ModelFlops.macsPerImage("exported.pt")).isEqualTo(-1);
  }

  @Test
  void groupedStridedConvolutionAndLinear() {
    SequentialBlock block =
        new SequentialBlock()
            .add(
                Conv2d.builder()
                    .setKernelShape(new Shape(5, 5))
                    .optStride(new Shape(2, 2))
                    .optPadding(new Shape(2, 2))
                    .setFilters(16)
                    .optGroups(4)
                    .build())
            .add(Blocks.batchFlattenBlock())
            .add(Linear.builder().setUnits(7).build());
    Shape input = new Shape(1, 8, 20, 20);
    try (NDManager manager = NDManager.newBaseManager()) {
      block.initialize(manager, DataType.FLOAT32, input);
      // conv: 10 x 10 output, 16 filters, each over 8 / 4 = 2 channels of 5 x 5; linear 1600 -> 7
      assertThat(BlockFlops.macs(block, input)).isEqualTo(10L * 10 * 16 * 2 * 25 + 1600L * 7);
    }
  }
}
