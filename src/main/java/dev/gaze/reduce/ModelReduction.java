package dev.gaze.reduce;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.gaze.model.ModelInfo;
import dev.gaze.model.TapKind;
import dev.gaze.model.TapListener;
import dev.gaze.model.TapSpec;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reduction of one batch's taps, whatever their kind, as a forward pass produces them: feature
 * maps go to {@link TapReducer}, attention probabilities to {@link AttentionReducer}, and a
 * Transformer block's output tokens {@code [B, T, D]} to {@link TokenReducer}, which reduces them
 * as the feature map {@code [B, D, g, g]} of their patch tokens (the class token dropped); grids
 * too large for it are turned into that map and reduced by {@link TapReducer}.
 */
public final class ModelReduction implements TapListener, AutoCloseable {

  private final ModelInfo model;
  private final TapReducer.BatchReduction activations;
  private final TokenReducer tokens;
  private final AttentionReducer attention;
  private boolean anyActivation;

  /**
   * @param manager where the small results are kept; on the model's device
   * @param model the model whose taps come
   * @param taps the taps that will come; when they include every attention tap of the model, the
   *     attention rollout is computed too
   */
  public ModelReduction(NDManager manager, ModelInfo model, Collection<String> taps) {
    this.model = model;
    this.activations = new TapReducer.BatchReduction(manager, model.nonNegativeTaps());
    this.tokens = new TokenReducer(manager);
    List<String> attentionTaps = attentionTaps(model);
    this.attention =
        new AttentionReducer(
            manager, !attentionTaps.isEmpty() && Set.copyOf(taps).containsAll(attentionTaps));
  }

  /** The names of a model's attention taps, in forward order. */
  public static List<String> attentionTaps(ModelInfo model) {
    return model.taps().stream()
        .filter(t -> t.kind() == TapKind.ATTENTION)
        .map(TapSpec::name)
        .toList();
  }

  @Override
  public void onTap(String tap, NDArray value) {
    TapKind kind =
        model
            .tap(tap)
            .orElseThrow(() -> new IllegalStateException("model handed over unknown tap " + tap))
            .kind();
    switch (kind) {
      case ATTENTION -> attention.onAttention(tap, value);
      case TOKENS -> {
        if (TokenReducer.handles(value.getShape())) {
          tokens.onTokens(tap, value);
        } else {
          anyActivation = true;
          try (NDArray map = patchMap(tap, value)) {
            activations.onTap(tap, map);
          }
        }
      }
      case ACTIVATION -> {
        anyActivation = true;
        activations.onTap(tap, value);
      }
    }
  }

  /** {@code [B, T, D]} tokens as the feature map {@code [B, D, g, g]} of the patch tokens. */
  static NDArray patchMap(String tap, NDArray tokens) {
    var shape = tokens.getShape();
    if (shape.dimension() != 3) {
      throw new IllegalStateException(
          "token tap '" + tap + "' should be [B, T, D] but has shape " + shape);
    }
    int side;
    try {
      side = dev.gaze.stats.PatchGrid.ofTokens(shape.get(1)).side();
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("token tap '" + tap + "': " + e.getMessage(), e);
    }
    try (NDArray patches = tokens.get(":, 1:, :");
        NDArray channelsFirst = patches.transpose(0, 2, 1)) {
      return channelsFirst.reshape(shape.get(0), shape.get(2), side, side);
    }
  }

  /**
   * The feature-map statistics per tap (token taps as their patch maps), in the model's tap order;
   * empty when there were none.
   */
  public Map<String, List<TapStats>> finishActivations() {
    Map<String, List<TapStats>> maps = anyActivation ? activations.finish() : Map.of();
    Map<String, List<TapStats>> fromTokens = tokens.finish();
    if (fromTokens.isEmpty()) {
      return maps;
    }
    Map<String, List<TapStats>> all = new java.util.LinkedHashMap<>();
    for (String tap : model.tapNames()) {
      if (maps.containsKey(tap)) {
        all.put(tap, maps.get(tap));
      } else if (fromTokens.containsKey(tap)) {
        all.put(tap, fromTokens.get(tap));
      }
    }
    return all;
  }

  /** The attention statistics and rollout (see {@link AttentionReducer#finish()}). */
  public AttentionReducer.Result finishAttention() {
    return attention.finish();
  }

  @Override
  public void close() {
    activations.close();
    tokens.close();
    attention.close();
  }
}
