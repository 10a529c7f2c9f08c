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
 * Reduces the attention probabilities {@code [B, heads, T, T]} of a model's blocks to per-image
 * {@link AttentionStats} and, when every block is seen, the attention rollout, all on the arrays'
 * device in float32: per head the row sums, the attention-weighted distance of every query to the
 * patches, the class token's row renormalised over the patches (and the head mean's), its entropy
 * and share on the outer ring, the mean attention distance, the heads' Gram matrix, and for the
 * rollout each block's head mean, whose chain of products with the class token's row is taken at
 * the end. These {@code O(heads * patches)} values per image are copied to the JVM in one transfer
 * by {@link #finish()}, which only forms the cosines from the Gram matrix. The definitions are
 * those of {@link dev.gaze.stats.AttentionMath}, which the tests compare against in double.
 *
 * <p>Consecutive taps of one shape are kept (taken over from the model's memory) and reduced
 * together, stacked, up to {@link #GROUP_BYTES} at a time: on the CPU a device operation costs
 * about as much to launch as to run on a small model's attention, so one operation over every block
 * instead of one per block is what keeps the hooked forward close to the plain one. A large model's
 * blocks, each above the limit, are reduced one by one as they come.
 *
 * <p>Every capture is checked: a tap that is empty, not {@code [B, heads, 1 + g*g, 1 + g*g]}, has a
 * negative (or NaN) probability, or a row that does not sum to 1 within {@link #ROW_TOLERANCE}
 * ({@link #ROW_TOLERANCE_FP16} for half-precision probabilities) fails the batch with an {@link
 * IllegalStateException} naming the tap.
 */
public final class AttentionReducer implements AutoCloseable {

  /** How far a row of attention probabilities may sum from 1. */
  public static final double ROW_TOLERANCE = 1e-4;

  /**
   * How far a row may sum from 1 when the model computes in half precision ({@code --precision
   * fp16}): float16 has an 11-bit significand, so its softmax rows are only good to about 1e-3.
   */
  public static final double ROW_TOLERANCE_FP16 = 1e-2;

  /**
   * The most bytes of taps kept before they are reduced: 64 MiB, or the system property {@code
   * gaze.reduce.groupBytes} (0 reduces every tap as it comes).
   */
  public static final long GROUP_BYTES = Long.getLong("gaze.reduce.groupBytes", 64L << 20);

  private final NDManager manager;
  private final boolean rollout;
  private final List<Layout> layouts = new ArrayList<>();
  private final TapGroup pending;
  private final NDList parts = new NDList();
  private final NDList mins = new NDList();
  private final NDList deviations = new NDList();
  private final List<Step> steps = new ArrayList<>();
  private PatchGrid rolloutGrid;
  private Constants constants;

  /**
   * @param manager where the kept taps and small results live until {@link #finish()}; on the taps'
   *     device
   * @param rollout whether the taps handed over are every block of the model, first to last, so
   *     that the rollout can be computed
   */
  public AttentionReducer(NDManager manager, boolean rollout) {
    this.manager = manager;
    this.rollout = rollout;
    this.pending = new TapGroup(manager, GROUP_BYTES);
  }

  /**
   * Takes one block's attention {@code [B, heads, T, T]} over (it is attached to this reducer's
   * manager and freed by it).
   */
  public void onAttention(String tap, NDArray attention) {
    Layout layout =
        Layout.of(
            tap,
            attention.getShape(),
            attention.getDataType() == DataType.FLOAT32
                    || attention.getDataType() == DataType.FLOAT64
                ? ROW_TOLERANCE
                : ROW_TOLERANCE_FP16);
    if (!layouts.isEmpty() && layouts.get(0).batch != layout.batch) {
      throw new IllegalStateException(
          "tap '" + tap + "' has batch " + layout.batch + ", other taps " + layouts.get(0).batch);
    }
    if (rollout && rolloutGrid != null && rolloutGrid.side() != layout.grid.side()) {
      throw new IllegalStateException("tap '" + tap + "' has another grid than the blocks before");
    }
    rolloutGrid = layout.grid;
    if (!pending.fits(attention)) {
      reducePending();
    }
    pending.add(attention);
    layouts.add(layout);
  }

  /**
   * Reduces the kept taps {@code G x [B, H, T, T]}, stacked to {@code [G, B, H, T, T]}, to {@code
   * [B, G * width]} (see {@link #statistics}); plus each tap's smallest probability and farthest
   * row sum from 1, and for the rollout each block's head mean and step row sums.
   */
  private void reducePending() {
    if (pending.isEmpty()) {
      return;
    }
    Layout l = layouts.get(layouts.size() - 1);
    try (NDManager scratch = manager.newSubManager()) {
      NDArray s = pending.stack(scratch);
      int g = (int) s.getShape().get(0);
      NDArray min;
      if (g == 1) {
        min = s.min().reshape(1);
      } else {
        NDList perTap = new NDList();
        for (int j = 0; j < g; j++) {
          perTap.add(s.get(j).min());
        }
        min = NDArrays.stack(perTap);
      }
      min.attach(manager);
      mins.add(min);
      NDArray rowSums = s.sum(new int[] {4});
      if (rollout) {
        NDArray means = s.mean(new int[] {2});
        NDArray sums = rowSums.mean(new int[] {2}, true).add(1f);
        for (int j = 0; j < g; j++) {
          Step step = new Step(means.get(j), sums.get(j));
          step.attach(manager);
          steps.add(step);
        }
      }
      // the capture check: how far any row of each tap sums from 1 (NaN stays NaN)
      NDArray deviation = rowSums.sub(1f).abs().reshape(g, -1).max(new int[] {1});
      deviation.attach(manager);
      deviations.add(deviation);
      // a copy: the class-token rows are a view of s, which the weighting below overwrites
      NDArray cls = s.get(":, :, :, 0, 1:").duplicate();
      NDArray mass = rowSums.sub(s.get(":, :, :, :, 0")).get(":, :, :, 1:");
      // in place, now that nothing else reads the probabilities: one pass fewer to allocate
      NDArray weighted = s.muli(constants(l.grid).distances).sum(new int[] {4}).get(":, :, :, 1:");
      NDArray part = statistics(cls, mass, weighted, l.grid).transpose(1, 0, 2);
      part = part.reshape(l.batch, (long) g * l.packedWidth());
      part.attach(manager);
      parts.add(part);
    }
  }

  /**
   * Per image and tap, from the class-token rows over the patches {@code cls}, the query mass over
   * the patches {@code mass} (row sum less the key-0 column) and the attention-weighted distances
   * {@code weighted} (all {@code [G, B, H, P]}, queries or keys 1..P): {@code [G, B, width]}
   * holding the {@code H + 1} renormalised class-token maps (the head mean last, the mean of the
   * heads' rows renormalised), their entropies and border shares, the {@code H + 1} mean attention
   * distances (the head mean's from the heads' summed weights and masses), and the Gram matrix of
   * the heads' maps, from which the JVM forms the cosines.
   */
  private NDArray statistics(NDArray cls, NDArray mass, NDArray weighted, PatchGrid grid) {
    long g = cls.getShape().get(0);
    long b = cls.getShape().get(1);
    long h = cls.getShape().get(2);
    int[] overPatches = {3};
    NDArray maps = NDArrays.concat(new NDList(cls, cls.mean(new int[] {2}, true)), 2);
    NDArray p = maps.div(maps.sum(overPatches, true));
    // p ln p with 0 ln 0 = 0: adding the smallest normal float keeps a zero's logarithm finite
    // (denormals may be flushed to zero) and changes any term by less than 1.2e-38
    NDArray entropy = p.mul(p.add(Float.MIN_NORMAL).log()).sum(overPatches).neg();
    NDArray border = p.mul(constants(grid).ring).sum(overPatches);
    NDArray perHead = weighted.div(mass).mean(overPatches);
    NDArray pooled =
        weighted.sum(new int[] {2}).div(mass.sum(new int[] {2})).mean(new int[] {2}, true);
    NDArray distance = NDArrays.concat(new NDList(perHead, pooled), 2);
    NDArray heads = p.get(":, :, 0:" + h + ", :");
    NDArray gram = heads.matMul(heads.transpose(0, 1, 3, 2)).reshape(g, b, h * h);
    return NDArrays.concat(new NDList(p.reshape(g, b, -1), entropy, border, distance, gram), 2);
  }

  /** The grid's distances (0 in the class token's row and column) and ring mask, once. */
  private Constants constants(PatchGrid grid) {
    if (constants == null || constants.side != grid.side()) {
      int p = grid.patches();
      int t = grid.tokens();
      float[] d = new float[t * t];
      for (int i = 0; i < p; i++) {
        for (int j = 0; j < p; j++) {
          d[(i + 1) * t + j + 1] = (float) grid.distance(i, j);
        }
      }
      float[] ring = new float[p];
      for (int i = 0; i < p; i++) {
        ring[i] = grid.onBorder(i) ? 1 : 0;
      }
      if (constants != null) {
        constants.distances().close();
        constants.ring().close();
      }
      constants =
          new Constants(
              grid.side(), manager.create(d, new Shape(t, t)), manager.create(ring, new Shape(p)));
    }
    return constants;
  }

  private record Constants(int side, NDArray distances, NDArray ring) {}

  /**
   * Reduces what is still kept, copies every reduced tap out, checks the captures, and returns per
   * image (in batch order) its statistics per tap in the order the taps came.
   *
   * @throws IllegalStateException naming the tap when a capture is not probabilities
   */
  public Result finish() {
    if (layouts.isEmpty()) {
      return new Result(List.of(), null);
    }
    reducePending();
    int batch = layouts.get(0).batch;
    float[] smallest;
    try (NDArray all = NDArrays.concat(mins)) {
      smallest = all.toFloatArray();
    }
    float[] farthest;
    try (NDArray all = NDArrays.concat(deviations)) {
      farthest = all.toFloatArray();
    }
    for (int k = 0; k < layouts.size(); k++) {
      layouts.get(k).checkMin(smallest[k]);
      layouts.get(k).checkRows(farthest[k]);
    }
    NDList all = new NDList(parts);
    int rolloutWidth = 0;
    if (rollout && !steps.isEmpty()) {
      all.add(rolloutRow());
      rolloutWidth = rolloutGrid.tokens();
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
        rollouts.add(patchesRenormalised(values, offset, rolloutWidth));
      }
    }
    return new Result(perImage, rollouts);
  }

  /**
   * The class token's row of {@code R = Â_L ... Â_1}, {@code [B, T]}, as a chain of vector-matrix
   * products from the left, {@code T} times less work than multiplying the matrices. {@code Â} is
   * {@code 0.5 A + 0.5 I} with its rows renormalised, which is {@code diag(1 / r) (A + I)} with
   * {@code r} the row sums of {@code A + I}: a row vector {@code v} times {@code Â} is {@code u A +
   * u} with {@code u = v / r}, so only each block's {@link Step} is kept and {@code Â} is never
   * formed. The chain starts from {@code e_0} at the last block.
   */
  private NDArray rolloutRow() {
    int t = rolloutGrid.tokens();
    long b = layouts.get(0).batch;
    float[] e0 = new float[t];
    e0[0] = 1;
    NDArray v = manager.create(e0, new Shape(1, 1, t)).repeat(0, b);
    for (int l = steps.size() - 1; l >= 0; l--) {
      NDArray u = v.div(steps.get(l).rowSums());
      v = u.matMul(steps.get(l).headMean()).add(u);
    }
    NDArray row = v.reshape(b, t);
    row.attach(manager);
    return row;
  }

  /**
   * What the rollout keeps of one block: the head mean {@code A} ({@code [B, T, T]}) and the row
   * sums of {@code A + I} ({@code [B, 1, T]}, from the heads' row sums).
   */
  private record Step(NDArray headMean, NDArray rowSums) {

    void attach(NDManager manager) {
      headMean.attach(manager);
      rowSums.attach(manager);
    }

    void close() {
      headMean.close();
      rowSums.close();
    }
  }

  /** Values {@code [offset + 1, offset + tokens)} divided by their sum. */
  private static float[] patchesRenormalised(float[] v, int offset, int tokens) {
    double sum = 0;
    for (int k = 1; k < tokens; k++) {
      sum += v[offset + k];
    }
    float[] out = new float[tokens - 1];
    for (int k = 1; k < tokens; k++) {
      out[k - 1] = (float) (v[offset + k] / sum);
    }
    return out;
  }

  @Override
  public void close() {
    pending.close();
    parts.close();
    mins.close();
    if (constants != null) {
      constants.distances().close();
      constants.ring().close();
    }
    deviations.close();
    steps.forEach(Step::close);
  }

  /**
   * The reduced attention of a batch.
   *
   * @param perImage per image, its {@link AttentionStats} per tap
   * @param rollout per image, the rollout over the patches; null when not every block was seen
   */
  public record Result(List<List<AttentionStats>> perImage, List<float[]> rollout) {}

  /** Where one tap's values sit in an image's packed row. */
  private record Layout(String tap, int batch, int heads, PatchGrid grid, double tolerance) {

    static Layout of(String tap, Shape shape, double tolerance) {
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
      return new Layout(tap, (int) shape.get(0), (int) shape.get(1), grid, tolerance);
    }

    /**
     * Values per image: {@code heads + 1} class-token maps, then per map its entropy, border share
     * and mean distance, then the heads' Gram matrix (see {@link #statistics}).
     */
    int packedWidth() {
      return (heads + 1) * (grid.patches() + 3) + heads * heads;
    }

    void checkMin(float min) {
      if (!(min >= 0)) {
        throw new IllegalStateException(
            String.format(
                Locale.ROOT,
                "attention tap '%s' is not probabilities: it holds %s (valid: every value >= 0)",
                tap,
                Float.isNaN(min) ? "NaN" : "the negative value " + min));
      }
    }

    void checkRows(float deviation) {
      if (!(deviation <= tolerance)) {
        throw new IllegalStateException(
            String.format(
                Locale.ROOT,
                "attention tap '%s' is not normalised: a row sums %s away from 1 (valid: within"
                    + " %.0e)",
                tap,
                deviation,
                tolerance));
      }
    }

    /** The statistics of one image from its packed values; cosines from the Gram matrix. */
    AttentionStats unpack(float[] v, int offset) {
      int p = grid.patches();
      int maps = (heads + 1) * p;
      int scalars = offset + maps;
      float[] entropy = Arrays.copyOfRange(v, scalars, scalars + heads + 1);
      float[] border = Arrays.copyOfRange(v, scalars + heads + 1, scalars + 2 * (heads + 1));
      float[] distance =
          Arrays.copyOfRange(v, scalars + 2 * (heads + 1), scalars + 3 * (heads + 1));
      int gram = scalars + 3 * (heads + 1);
      float[] cosine = new float[heads * (heads - 1) / 2];
      int k = 0;
      for (int x = 0; x < heads; x++) {
        for (int y = x + 1; y < heads; y++) {
          double xy = v[gram + x * heads + y];
          double xx = v[gram + x * heads + x];
          double yy = v[gram + y * heads + y];
          cosine[k++] = (float) (xy / Math.sqrt(xx * yy));
        }
      }
      return new AttentionStats(
          tap,
          heads,
          grid.side(),
          Arrays.copyOfRange(v, offset, offset + maps),
          entropy,
          distance,
          border,
          cosine);
    }
  }
}
