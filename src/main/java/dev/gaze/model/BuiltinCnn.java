package dev.gaze.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link HookedModel} over a DJL {@link SequentialBlock} whose children are the model's stages:
 * one child per tap (in {@link ModelInfo#taps()} order, the child's output being the tap), then one
 * head child producing the logits. Running the children one by one gives every tap for free.
 *
 * <p>Always inference: blocks run with {@code training = false} (batch norm uses its running
 * statistics and writes nothing) and the parameters are frozen, so no autograd graph is recorded.
 *
 * <p>Thread safety: one instance may serve concurrent {@code forward} calls. The blocks hold only
 * the parameter arrays, which inference reads and never writes; all per-call state (the {@link
 * ParameterStore}, a scratch sub-manager for intermediates) is created inside the call, and results
 * are attached to the caller's own {@link NDManager}.
 */
public final class BuiltinCnn extends TapRunningModel {

  private final NDManager parameters;
  private final List<Block> stages;
  private final Block head;

  /**
   * Wraps an initialised block.
   *
   * @param info the model's description; its taps name the block's first children
   * @param block children: one per tap, then the head
   * @param parameters the manager owning the block's parameters; closed by {@link #close()}
   */
  public BuiltinCnn(ModelInfo info, SequentialBlock block, NDManager parameters) {
    super(info, parameters.getDevice());
    List<Block> children = block.getChildren().values();
    if (children.size() != info.taps().size() + 1) {
      throw new IllegalArgumentException(
          "model '"
              + info.name()
              + "' needs "
              + (info.taps().size() + 1)
              + " top-level blocks (one per tap, then the head), got "
              + children.size());
    }
    block.freezeParameters(true);
    this.parameters = parameters;
    this.stages = List.copyOf(children.subList(0, children.size() - 1));
    this.head = children.get(children.size() - 1);
  }

  /**
   * The forward pass; each requested tap goes to {@code listener} while it is computed, or, with
   * {@code keep} given, is kept in the caller's manager.
   */
  @Override
  NDArray run(
      NDManager manager,
      NDArray input,
      Set<String> taps,
      TapListener listener,
      Map<String, NDArray> keep) {
    ModelInputs.checkInput(info, device, manager, input);
    try (NDManager scratch = manager.newSubManager()) {
      // Ops attach their results to their first operand's manager: with the input temporarily in
      // the scratch manager, every intermediate lands there and is freed when the call ends.
      input.tempAttach(scratch);
      ParameterStore store = new ParameterStore(scratch, false);
      NDArray x = input;
      for (int i = 0; i < stages.size(); i++) {
        x = stages.get(i).forward(store, new NDList(x), false).singletonOrThrow();
        String name = info.taps().get(i).name();
        if (!taps.contains(name)) {
          continue;
        }
        if (keep != null) {
          keep.put(name, x);
        } else {
          listener.onTap(name, x);
        }
      }
      NDArray logits = head.forward(store, new NDList(x), false).singletonOrThrow();
      logits.attach(manager);
      if (keep != null) {
        // Attached only now: an array moved out of the scratch manager earlier would pull the next
        // stage's intermediates out with it.
        keep.values().forEach(a -> a.attach(manager));
      }
      return logits;
    }
  }

  @Override
  public void close() {
    parameters.close();
  }
}
