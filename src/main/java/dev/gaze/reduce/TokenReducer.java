package dev.gaze.reduce;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import dev.gaze.stats.PatchGrid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reduces a Transformer block's output tokens {@code [B, T, D]} to the {@link TapStats} of the
 * feature map {@code [B, D, g, g]} of its patch tokens (the class token dropped), without building
 * that map: per channel the mean, max and positive fraction over the patches, and the mean over
 * channels per patch (row-major over the grid), exactly what {@link TapReducer} gives for the map.
 *
 * <p>As {@link AttentionReducer} does, consecutive taps of one shape are kept and reduced together,
 * stacked, up to {@link AttentionReducer#GROUP_BYTES} at a time, so that a small model pays a few
 * device operations for all its blocks rather than a few per block. Grids above {@link
 * TapReducer#MAX_MAP_SIDE} a side, whose maps are pooled, are not for this class.
 */
public final class TokenReducer implements AutoCloseable {

  private final NDManager manager;
  private final List<Layout> layouts = new ArrayList<>();
  private final TapGroup pending;
  private final NDList parts = new NDList();

  /** A reducer keeping its arrays in {@code manager}, on the taps' device. */
  public TokenReducer(NDManager manager) {
    this.manager = manager;
    this.pending = new TapGroup(manager, AttentionReducer.GROUP_BYTES);
  }

  /** Whether tokens of this shape {@code [B, T, D]} can be reduced here. */
  public static boolean handles(ai.djl.ndarray.types.Shape shape) {
    if (shape.dimension() != 3) {
      return false;
    }
    try {
      return PatchGrid.ofTokens(shape.get(1)).side() <= TapReducer.MAX_MAP_SIDE;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Takes one tap's tokens {@code [B, T, D]} over (attached to this reducer's manager). */
  public void onTokens(String tap, NDArray tokens) {
    Layout layout = Layout.of(tap, tokens.getShape());
    if (!layouts.isEmpty() && layouts.get(0).batch != layout.batch) {
      throw new IllegalStateException(
          "tap '" + tap + "' has batch " + layout.batch + ", other taps " + layouts.get(0).batch);
    }
    if (!pending.fits(tokens)) {
      reducePending();
    }
    pending.add(tokens);
    layouts.add(layout);
  }

  /**
   * {@code G x [B, T, D]} stacked to {@code [G, B, T, D]}, reduced to {@code [B, G * (3D + P)]}.
   */
  private void reducePending() {
    if (pending.isEmpty()) {
      return;
    }
    Layout l = layouts.get(layouts.size() - 1);
    try (NDManager scratch = manager.newSubManager()) {
      NDArray s = pending.stack(scratch);
      int g = (int) s.getShape().get(0);
      NDArray patches = s.get(":, :, 1:, :");
      int[] overPatches = {2};
      NDArray positive = Activation.relu(patches);
      positive.signi();
      NDArray part =
          NDArrays.concat(
                  new NDList(
                      patches.mean(overPatches),
                      maxOverPatches(patches),
                      positive.mean(overPatches),
                      patches.mean(new int[] {3})),
                  2)
              .transpose(1, 0, 2)
              .reshape(l.batch, (long) g * l.packedWidth());
      part.attach(manager);
      parts.add(part);
    }
  }

  /**
   * The maximum over axis 2 of {@code [G, B, P, D]}, {@code [G, B, D]}, by folding halves with an
   * element-wise maximum: libtorch's {@code max(dim)} also tracks the arg-max in a scalar loop and
   * cost about five times as much on demo-vit's tokens (1.0 against 0.2 ms a batch, one thread). An
   * odd row left over is folded in by broadcasting, which leaves the maximum unchanged.
   */
  static NDArray maxOverPatches(NDArray patches) {
    NDArray x = patches;
    long n = x.getShape().get(2);
    while (n > 1) {
      long half = n / 2;
      NDArray folded = x.get(":, :, 0:" + half).maximum(x.get(":, :, " + half + ":" + 2 * half));
      if (n % 2 == 1) {
        folded = folded.maximum(x.get(":, :, " + (n - 1) + ":" + n));
      }
      x = folded;
      n = half;
    }
    return x.squeeze(2);
  }

  /** Copies every reduced tap out; per tap, in the order they came, one result per image. */
  public Map<String, List<TapStats>> finish() {
    if (layouts.isEmpty()) {
      return Map.of();
    }
    reducePending();
    float[] all;
    try (NDArray packed = NDArrays.concat(parts, 1)) {
      all = packed.toFloatArray();
    }
    int batch = layouts.get(0).batch;
    int stride = layouts.stream().mapToInt(Layout::packedWidth).sum();
    if (all.length != batch * stride) {
      throw new IllegalStateException(
          "tokens reduced to " + all.length + " values, expected " + batch * stride);
    }
    Map<String, List<TapStats>> out = new LinkedHashMap<>();
    int offset = 0;
    for (Layout l : layouts) {
      int d = l.width;
      int side = l.grid.side();
      List<TapStats> stats = new ArrayList<>(batch);
      for (int b = 0; b < batch; b++) {
        stats.add(TapStats.unpack(l.tap, all, b * stride + offset, d, side, side));
      }
      out.put(l.tap, stats);
      offset += l.packedWidth();
    }
    return out;
  }

  @Override
  public void close() {
    pending.close();
    parts.close();
  }

  private record Layout(String tap, int batch, PatchGrid grid, int width) {

    static Layout of(String tap, ai.djl.ndarray.types.Shape shape) {
      if (shape.dimension() != 3) {
        throw new IllegalStateException(
            "token tap '" + tap + "' should be [B, T, D] but has shape " + shape);
      }
      for (long d : shape.getShape()) {
        if (d == 0) {
          throw new IllegalStateException("token tap '" + tap + "' came back empty: " + shape);
        }
      }
      PatchGrid grid;
      try {
        grid = PatchGrid.ofTokens(shape.get(1));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("token tap '" + tap + "': " + e.getMessage(), e);
      }
      return new Layout(tap, (int) shape.get(0), grid, (int) shape.get(2));
    }

    /** Values per image: mean, max and positive fraction per channel, then the patch map. */
    int packedWidth() {
      return 3 * width + grid.patches();
    }
  }
}
