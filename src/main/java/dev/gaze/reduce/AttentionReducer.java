package dev.gaze.reduce;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.gaze.stats.PatchGrid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reduces the attention probabilities {@code [B, heads, T, T]} of a model's blocks, as a forward
 * pass produces them, to per-image {@link AttentionStats} and, when every block is seen, the
 * attention rollout; all on the arrays' device, copied to the JVM in one transfer by {@link
 * #finish()}. The definitions are those of {@link dev.gaze.stats.AttentionMath}, in float32.
 *
 * <p>Every capture is checked: a tap that is empty, not {@code [B, heads, 1 + g*g, 1 + g*g]}, has a
 * negative (or NaN) probability, or a row that does not sum to 1 within {@link #ROW_TOLERANCE}
 * fails the batch with an {@link IllegalStateException} naming the tap.
 */
public final class AttentionReducer implements AutoCloseable {

  /** How far a row of attention probabilities may sum from 1. */
  public static final double ROW_TOLERANCE = 1e-4;

  private static final float TINY = 1e-30f;

  private final NDManager manager;
  private final boolean rollout;
  private final List<Layout> layouts = new ArrayList<>();
  private final NDList parts = new NDList();
  private NDArray product;
  private PatchGrid rolloutGrid;
  private Constants constants;

  /**
   * @param manager where the small results are kept until {@link #finish()}; on the taps' device
   * @param rollout whether the taps handed over are every block of the model, first to last, so
   *     that the rollout can be computed
   */
  public AttentionReducer(NDManager manager, boolean rollout) {
    this.manager = manager;
    this.rollout = rollout;
  }

  /** Reduces one block's attention {@code [B, heads, T, T]}. */
  public void onAttention(String tap, NDArray attention) {
    Layout layout = Layout.of(tap, attention.getShape());
    if (!layouts.isEmpty() && layouts.get(0).batch != layout.batch) {
      throw new IllegalStateException(
          "tap '" + tap + "' has batch " + layout.batch + ", other taps " + layouts.get(0).batch);
    }
    if (rollout && rolloutGrid != null && rolloutGrid.side() != layout.grid.side()) {
      throw new IllegalStateException("tap '" + tap + "' has another grid than the blocks before");
    }
    int before = parts.size();
    reduceInto(attention, layout);
    for (int i = before; i < parts.size(); i++) {
      parts.get(i).attach(manager);
    }
    layouts.add(layout);
  }

  private void reduceInto(NDArray attention, Layout l) {
    NDArray a = attention.toType(DataType.FLOAT32, false);
    NDManager local = a.getManager();
    int b = l.batch;
    int h = l.heads;
    int[] last = {-1};
    // Capture checks, per image: the smallest probability, the largest deviation of a row sum.
    // The full [B, H, T, T] tensor is read five times in all: min, row sums, the distance product
    // and its sum, the head mean; everything else works on the much smaller class-token rows.
    NDArray min = a.reshape(b, -1).min(new int[] {1});
    NDArray rowSums = a.sum(new int[] {3});
    NDArray deviation = rowSums.sub(1f).abs().reshape(b, -1).max(new int[] {1});
    // class-token maps of every head and of the head mean, self-weight dropped, renormalised
    NDArray raw = a.get(":, :, 0, 1:");
    NDArray cls = NDArrays.concat(new NDList(raw, raw.mean(new int[] {1}, true)), 1);
    cls = cls.div(cls.sum(last, true));
    NDArray entropy = cls.mul(cls.maximum(TINY).log()).sum(last).neg();
    NDArray border = cls.mul(constants(l.grid).mask).sum(last);
    // distance: per query patch, sum_k a[q,k] d(q,k) over sum_k a[q,k] (patches only); for the
    // head mean both sums are the heads' sums, as the head mean's rows are the heads' mean rows
    NDArray weighted = a.get(":, :, 1:, 1:").mul(constants(l.grid).distances).sum(last);
    NDArray mass = rowSums.get(":, :, 1:").sub(a.get(":, :, 1:, 0"));
    NDArray perHead = weighted.div(mass).mean(last);
    NDArray ofMean =
        weighted.sum(new int[] {1}).div(mass.sum(new int[] {1})).mean(last).reshape(b, 1);
    NDArray distance = NDArrays.concat(new NDList(perHead, ofMean), 1);
    NDArray heads = cls.get(":, 0:" + h + ", :");
    NDArray unit = heads.div(heads.norm(new int[] {2}, true));
    NDArray gram = unit.matMul(unit.transpose(0, 2, 1));
    parts.add(cls.reshape(b, (long) (h + 1) * l.grid.patches()));
    parts.add(entropy);
    parts.add(distance);
    parts.add(border);
    parts.add(gram.reshape(b, (long) h * h));
    parts.add(min.reshape(b, 1));
    parts.add(deviation.reshape(b, 1));
    if (rollout) {
      rolloutGrid = l.grid;
      NDArray step = a.mean(new int[] {1}).mul(0.5f).add(constants(l.grid).identity);
      step = step.div(step.sum(new int[] {2}, true));
      NDArray next = product == null ? step : step.matMul(product);
      next.attach(manager);
      if (product != null) {
        product.close();
      }
      product = next;
    }
  }

  /** The grid's distance matrix, border mask and half identity, made once per batch. */
  private Constants constants(PatchGrid grid) {
    if (constants == null || constants.side != grid.side()) {
      int p = grid.patches();
      float[] d = new float[p * p];
      double[] dd = grid.distances();
      for (int i = 0; i < d.length; i++) {
        d[i] = (float) dd[i];
      }
      float[] m = new float[p];
      double[] mm = grid.borderMask();
      for (int i = 0; i < p; i++) {
        m[i] = (float) mm[i];
      }
      int t = grid.tokens();
      float[] half = new float[t * t];
      for (int i = 0; i < t; i++) {
        half[i * t + i] = 0.5f;
      }
      constants =
          new Constants(
              grid.side(),
              manager.create(d, new Shape(p, p)),
              manager.create(m),
              manager.create(half, new Shape(t, t)));
    }
    return constants;
  }

  private record Constants(int side, NDArray distances, NDArray mask, NDArray identity) {}

  /**
   * Copies every reduced tap out, checks the captures, and returns per image (in batch order) its
   * statistics per tap in the order the taps came.
   *
   * @throws IllegalStateException naming the tap when a capture is not probabilities
   */
  public Result finish() {
    if (layouts.isEmpty()) {
      return new Result(List.of(), null);
    }
    int batch = layouts.get(0).batch;
    NDList all = new NDList(parts);
    int rolloutWidth = 0;
    if (rollout && product != null) {
      NDArray r = product.get(":, 0, 1:");
      r = r.div(r.sum(new int[] {1}, true));
      r.attach(manager);
      all.add(r);
      rolloutWidth = rolloutGrid.patches();
    }
    float[] values;
    try (NDArray packed = NDArrays.concat(all, 1)) {
      values = packed.toFloatArray();
    }
    int stride = layouts.stream().mapToInt(Layout::packedWidth).sum() + rolloutWidth;
    if (values.length != batch * stride) {
      throw new IllegalStateException(
          "attention reduced to " + values.length + " values, expected " + batch * stride);
    }
    List<List<AttentionStats>> perImage = new ArrayList<>(batch);
    List<float[]> rollouts = rolloutWidth > 0 ? new ArrayList<>(batch) : null;
    for (int i = 0; i < batch; i++) {
      int offset = i * stride;
      List<AttentionStats> stats = new ArrayList<>(layouts.size());
      for (Layout l : layouts) {
        stats.add(l.unpack(values, offset));
        offset += l.packedWidth();
      }
      perImage.add(stats);
      if (rollouts != null) {
        rollouts.add(Arrays.copyOfRange(values, offset, offset + rolloutWidth));
      }
    }
    return new Result(perImage, rollouts);
  }

  @Override
  public void close() {
    parts.close();
    if (constants != null) {
      constants.distances().close();
      constants.mask().close();
      constants.identity().close();
    }
    if (product != null) {
      product.close();
    }
  }

  /**
   * The reduced attention of a batch.
   *
   * @param perImage per image, its {@link AttentionStats} per tap
   * @param rollout per image, the rollout over the patches; null when not every block was seen
   */
  public record Result(List<List<AttentionStats>> perImage, List<float[]> rollout) {}

  /** Where one tap's values sit in an image's packed row. */
  private record Layout(String tap, int batch, int heads, PatchGrid grid) {

    static Layout of(String tap, Shape shape) {
      if (shape.dimension() != 4 || shape.get(2) != shape.get(3)) {
        throw new IllegalStateException(
            "attention tap '" + tap + "' should be [B, heads, T, T] but has shape " + shape);
      }
      for (long d : shape.getShape()) {
        if (d == 0) {
          throw new IllegalStateException("attention tap '" + tap + "' came back empty: " + shape);
        }
      }
      PatchGrid grid;
      try {
        grid = PatchGrid.ofTokens(shape.get(2));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("attention tap '" + tap + "': " + e.getMessage(), e);
      }
      return new Layout(tap, (int) shape.get(0), (int) shape.get(1), grid);
    }

    int pairs() {
      return heads * heads;
    }

    /** Values per image: maps, entropy, distance, border, the Gram matrix, the two checks. */
    int packedWidth() {
      return (heads + 1) * (grid.patches() + 3) + pairs() + 2;
    }

    AttentionStats unpack(float[] v, int offset) {
      int maps = (heads + 1) * grid.patches();
      int at = offset;
      float[] cls = Arrays.copyOfRange(v, at, at + maps);
      at += maps;
      float[] entropy = Arrays.copyOfRange(v, at, at + heads + 1);
      at += heads + 1;
      float[] distance = Arrays.copyOfRange(v, at, at + heads + 1);
      at += heads + 1;
      float[] border = Arrays.copyOfRange(v, at, at + heads + 1);
      at += heads + 1;
      float[] cosine = new float[heads * (heads - 1) / 2];
      int k = 0;
      for (int x = 0; x < heads; x++) {
        for (int y = x + 1; y < heads; y++) {
          cosine[k++] = v[at + x * heads + y];
        }
      }
      at += pairs();
      float min = v[at];
      float deviation = v[at + 1];
      if (!(min >= 0)) {
        throw new IllegalStateException(
            String.format(
                Locale.ROOT,
                "attention tap '%s' is not probabilities: it holds %s (valid: every value >= 0)",
                tap,
                Float.isNaN(min) ? "NaN" : "the negative value " + min));
      }
      if (!(deviation <= ROW_TOLERANCE)) {
        throw new IllegalStateException(
            String.format(
                Locale.ROOT,
                "attention tap '%s' is not normalised: a row sums %s away from 1 (valid: within"
                    + " %.0e)",
                tap,
                deviation,
                ROW_TOLERANCE));
      }
      return new AttentionStats(tap, heads, grid.side(), cls, entropy, distance, border, cosine);
    }
  }
}
