package dev.gaze.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import dev.gaze.image.InputSpec;
import dev.gaze.model.DemoCnn;

/** Multiply-accumulates per image of a model by name, where its block structure is known. */
public final class ModelFlops {

  private ModelFlops() {}

  /**
   * MACs per image of a built-in model, counted with {@link BlockFlops} on its DJL blocks; -1 for a
   * model whose structure is not known here (an exported TorchScript file: give the figure).
   */
  public static long macsPerImage(String model) {
    if (!model.equals(DemoCnn.NAME)) {
      return -1;
    }
    InputSpec in = DemoCnn.info().input();
    Shape shape = new Shape(1, in.channels(), in.height(), in.width());
    SequentialBlock block = DemoCnn.newBlock();
    try (NDManager manager = NDManager.newBaseManager()) {
      block.initialize(manager, DataType.FLOAT32, shape);
      return BlockFlops.macs(block, shape);
    }
  }
}
