package dev.gaze.model;

/** What a tap's tensor holds, which decides how it is reduced. */
public enum TapKind {
  /** A CNN feature map, {@code [B, C, H, W]}. */
  ACTIVATION
}
