package dev.gaze.model;

import java.io.Serializable;

/**
 * A named intermediate tensor that a {@link HookedModel} exposes, with its per-image shape.
 *
 * @param name the tap's name, unique within its model (for example {@code stage2})
 * @param kind what the tensor holds
 * @param shape the per-image shape, without the batch dimension ({@code [C, H, W]} for a feature
 *     map)
 * @param nonNegative whether every value is {@code >= 0} by construction (the output of a ReLU),
 *     which lets the reducer count positive values without clamping first
 */
public record TapSpec(String name, TapKind kind, long[] shape, boolean nonNegative)
    implements Serializable {

  /** A feature-map tap of shape {@code [channels, height, width]}, of any sign. */
  public static TapSpec activation(String name, int channels, int height, int width) {
    return new TapSpec(name, TapKind.ACTIVATION, new long[] {channels, height, width}, false);
  }

  /** A feature-map tap that is the output of a ReLU, so never negative. */
  public static TapSpec reluActivation(String name, int channels, int height, int width) {
    return new TapSpec(name, TapKind.ACTIVATION, new long[] {channels, height, width}, true);
  }

  /**
   * An attention tap of shape {@code [heads, tokens, tokens]}: softmax probabilities, so never
   * negative.
   */
  public static TapSpec attention(String name, int heads, int tokens) {
    return new TapSpec(name, TapKind.ATTENTION, new long[] {heads, tokens, tokens}, true);
  }

  /** A Transformer block's output tokens, {@code [tokens, width]}, class token first. */
  public static TapSpec tokens(String name, int tokens, int width) {
    return new TapSpec(name, TapKind.TOKENS, new long[] {tokens, width}, false);
  }

  /** Copies the shape. */
  public TapSpec {
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TapSpec t
        && name.equals(t.name)
        && kind == t.kind
        && nonNegative == t.nonNegative
        && java.util.Arrays.equals(shape, t.shape);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + java.util.Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name
        + " "
        + kind.name().toLowerCase(java.util.Locale.ROOT)
        + java.util.Arrays.toString(shape);
  }
}
