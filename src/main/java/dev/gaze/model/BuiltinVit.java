package dev.gaze.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link HookedModel} over a {@link VisionTransformer}: runs the embedding, then the blocks one
 * by one, and hands over each block's attention probabilities ({@link TapKind#ATTENTION}, {@code
 * [B, heads, T, T]}) and output tokens ({@link TapKind#TOKENS}, {@code [B, T, D]}) as they are
 * computed. The taps of block {@code i} (1-based) are {@code block<i>.attn} and {@code block<i>}.
 *
 * <p>Always inference, with frozen parameters; thread-safe in the same way as {@link BuiltinCnn}:
 * all per-call state lives in the call, results are attached to the caller's manager.
 */
public final class BuiltinVit extends TapRunningModel {

  private final NDManager parameters;
  private final VisionTransformer vit;

  /**
   * Wraps an initialised transformer.
   *
   * @param info the model's description; its taps are {@link #tapsOf(VitConfig)}
   * @param parameters the manager owning the block's parameters; closed by {@link #close()}
   */
  BuiltinVit(ModelInfo info, VisionTransformer vit, NDManager parameters) {
    super(info, parameters.getDevice());
    if (!info.taps().equals(tapsOf(vit.config()))) {
      throw new IllegalArgumentException(
          "model '" + info.name() + "' must list the taps " + tapsOf(vit.config()));
    }
    vit.freezeParameters(true);
    this.parameters = parameters;
    this.vit = vit;
  }

  /** The name of block {@code i}'s (1-based) attention tap. */
  public static String attentionTap(int block) {
    return "block" + block + ".attn";
  }

  /** The name of block {@code i}'s (1-based) output-token tap. */
  public static String tokensTap(int block) {
    return "block" + block;
  }

  /** The taps of a transformer of this shape, in forward order. */
  static List<TapSpec> tapsOf(VitConfig config) {
    List<TapSpec> taps = new java.util.ArrayList<>();
    for (int i = 1; i <= config.depth(); i++) {
      taps.add(TapSpec.attention(attentionTap(i), config.heads(), config.tokens()));
      taps.add(TapSpec.tokens(tokensTap(i), config.tokens(), config.width()));
    }
    return List.copyOf(taps);
  }

  @Override
  NDArray run(
      NDManager manager,
      NDArray input,
      Set<String> taps,
      TapListener listener,
      Map<String, NDArray> keep) {
    ModelInputs.checkInput(info, device, manager, input);
    try (NDManager scratch = manager.newSubManager()) {
      input.tempAttach(scratch);
      ParameterStore store = new ParameterStore(scratch, false);
      NDArray x = vit.embed(store, input, false);
      for (int i = 0; i < vit.config().depth(); i++) {
        NDList out = vit.block(i).forwardWithAttention(store, x, false);
        x = out.get(0);
        // the block is done with its probabilities: the listener may overwrite them (TapListener)
        hand(attentionTap(i + 1), out.get(1), taps, listener, keep);
        hand(tokensTap(i + 1), x, taps, listener, keep);
      }
      NDArray logits = vit.head(store, x, false);
      logits.attach(manager);
      if (keep != null) {
        keep.values().forEach(a -> a.attach(manager));
      }
      return logits;
    }
  }

  private static void hand(
      String name,
      NDArray value,
      Set<String> taps,
      TapListener listener,
      Map<String, NDArray> keep) {
    if (!taps.contains(name)) {
      return;
    }
    if (keep != null) {
      keep.put(name, value);
    } else {
      listener.onTap(name, value);
    }
  }

  @Override
  public void close() {
    parameters.close();
  }
}
