package dev.gaze.model;

/** What a tap's tensor holds, which decides how it is reduced. */
public enum TapKind {
  /** A CNN feature map, {@code [B, C, H, W]}. */
  ACTIVATION,

  /**
   * Attention probabilities of one Transformer block, {@code [B, heads, T, T]}: for each head, row
   * {@code i} is query token {@code i}'s softmax over the keys; token 0 is the class token, tokens
   * {@code 1..T-1} the patches, row-major over a square grid.
   */
  ATTENTION,

  /**
   * The output tokens of one Transformer block, {@code [B, T, D]}: the class token, then the
   * patches row-major over a square grid. Reduced like a feature map {@code [D, g, g]} of the patch
   * tokens.
   */
  TOKENS
}
