package dev.gaze.reduce;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import dev.gaze.model.TapListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reduces a batch of feature maps {@code [B, C, H, W]} to per-image {@link TapStats} on the arrays'
 * device, then copies the small results of every tap to the JVM in one transfer.
 *
 * <p>The spatial map is the mean over channels; when {@code H} or {@code W} exceeds {@link
 * #MAX_MAP_SIDE} it is average-pooled with a window of {@code ceil(H / 64) x ceil(W / 64)} (stride
 * equal to the window, the last window averaging only the positions it covers), so a 224x224 map
 * becomes 56x56 and a 100x100 map 50x50.
 *
 * <p>The fraction of positions {@code <= 0} is computed as one minus the mean of {@code sign(max(x,
 * 0))}, which is exactly 1 where {@code x > 0} and 0 elsewhere, using float kernels only
 * (comparisons produce boolean tensors whose conversion costs more than the rest of the reduction).
 * Large temporaries are freed as soon as they are used, so that the allocator reuses their memory
 * instead of mapping fresh pages for every batch.
 */
public final class TapReducer {

  /** The largest side a spatial map keeps before it is average-pooled. */
  public static final int MAX_MAP_SIDE = 64;

  private static final int[] LAST_AXIS = {2};

  private TapReducer() {}

  /** The pooling window along one side of length {@code side}. */
  public static int poolWindow(long side) {
    return (int) ((side + MAX_MAP_SIDE - 1) / MAX_MAP_SIDE);
  }

  /** The length of one side of length {@code side} after pooling. */
  public static int pooledSide(long side) {
    int window = poolWindow(side);
    return (int) ((side + window - 1) / window);
  }

  /**
   * Reduces one tap of a batch.
   *
   * @param tap the tap's name, copied into the results
   * @param activations {@code [B, C, H, W]}, any float type
   * @return one {@link TapStats} per image of the batch, in batch order
   */
  public static List<TapStats> reduce(String tap, NDArray activations) {
    return reduce(Map.of(tap, activations)).get(tap);
  }

  /**
   * Reduces every tap of a batch, with one device-to-JVM copy for all of them.
   *
   * @param taps the batch's taps by name, each {@code [B, C, H, W]} with the same {@code B}
   * @return per tap, in the given order, one {@link TapStats} per image in batch order
   */
  public static Map<String, List<TapStats>> reduce(Map<String, NDArray> taps) {
    if (taps.isEmpty()) {
      return Map.of();
    }
    NDManager manager = taps.values().iterator().next().getManager();
    try (BatchReduction reduction = new BatchReduction(manager, Set.of())) {
      taps.forEach(reduction::onTap);
      return reduction.finish();
    }
  }

  /**
   * Reduces taps one at a time as a forward pass produces them (a {@link TapListener}), keeping
   * only the small per-image results, and copies them all to the JVM once in {@link #finish()}.
   */
  public static final class BatchReduction implements TapListener, AutoCloseable {

    private final NDManager manager;
    private final Set<String> nonNegative;
    private final List<Layout> layouts = new ArrayList<>();
    private final NDList parts = new NDList();

    /**
     * @param manager where the small results are kept until {@link #finish()}; on the taps' device
     * @param nonNegative taps whose values are {@code >= 0} by construction (ReLU outputs): their
     *     positive fraction is {@code mean(sign(x))}, one pass fewer
     */
    public BatchReduction(NDManager manager, Set<String> nonNegative) {
      this.manager = manager;
      this.nonNegative = Set.copyOf(nonNegative);
    }

    @Override
    public void onTap(String tap, NDArray activations) {
      Layout layout = Layout.of(tap, activations.getShape());
      if (!layouts.isEmpty() && layouts.get(0).batch != layout.batch) {
        throw new IllegalStateException(
            "tap '" + tap + "' has batch " + layout.batch + ", other taps " + layouts.get(0).batch);
      }
      int before = parts.size();
      reduceInto(activations, layout, nonNegative.contains(tap), parts);
      for (int i = before; i < parts.size(); i++) {
        parts.get(i).attach(manager);
      }
      layouts.add(layout);
    }

    /** Copies every reduced tap out, in the order the taps came. */
    public Map<String, List<TapStats>> finish() {
      if (layouts.isEmpty()) {
        return Map.of();
      }
      float[] all;
      try (NDArray packed = NDArrays.concat(parts, 1)) {
        all = packed.toFloatArray();
      }
      return unpack(all, layouts.get(0).batch, layouts);
    }

    @Override
    public void close() {
      parts.close();
    }
  }

  /** Appends the tap's per-image mean, max, positive fraction and map, each {@code [B, k]}. */
  private static void reduceInto(NDArray activations, Layout l, boolean nonNegative, NDList parts) {
    NDArray x = activations.toType(DataType.FLOAT32, false);
    try (NDArray positions = x.reshape(l.batch, l.channels, (long) l.tapHeight * l.tapWidth)) {
      parts.add(positions.mean(LAST_AXIS));
      parts.add(positions.max(LAST_AXIS));
      try (NDArray positive = nonNegative ? positions.sign() : Activation.relu(positions)) {
        if (!nonNegative) {
          positive.signi();
        }
        parts.add(positive.mean(LAST_AXIS));
      }
    }
    NDArray map = x.mean(new int[] {1}, true);
    if (l.mapHeight != l.tapHeight || l.mapWidth != l.tapWidth) {
      Shape window = new Shape(poolWindow(l.tapHeight), poolWindow(l.tapWidth));
      NDArray pooled = Pool.avgPool2d(map, window, window, new Shape(0, 0), true, false);
      map.close();
      map = pooled;
    }
    parts.add(map.reshape(l.batch, (long) l.mapHeight * l.mapWidth));
    map.close();
    if (x != activations) {
      x.close();
    }
  }

  private static Map<String, List<TapStats>> unpack(float[] all, int batch, List<Layout> layouts) {
    int stride = layouts.stream().mapToInt(Layout::packedWidth).sum();
    if (all.length != batch * stride) {
      throw new IllegalStateException(
          "taps reduced to " + all.length + " values, expected " + batch * stride);
    }
    Map<String, List<TapStats>> out = new LinkedHashMap<>();
    for (Layout l : layouts) {
      out.put(l.tap, new ArrayList<>(batch));
    }
    int offset = 0;
    for (Layout l : layouts) {
      int c = l.channels;
      List<TapStats> stats = out.get(l.tap);
      for (int b = 0; b < batch; b++) {
        stats.add(TapStats.unpack(l.tap, all, b * stride + offset, c, l.mapHeight, l.mapWidth));
      }
      offset += l.packedWidth();
    }
    return out;
  }

  /** The predicted class of each image: the arg-max of its logits {@code [B, K]}. */
  public static int[] predictions(NDArray logits) {
    try (NDArray argMax = logits.argMax(1);
        NDArray ints = argMax.toType(DataType.INT32, false)) {
      return ints.toIntArray();
    }
  }

  /** Where one tap's values sit in an image's packed row. */
  private record Layout(
      String tap,
      int batch,
      int channels,
      int tapHeight,
      int tapWidth,
      int mapHeight,
      int mapWidth) {

    static Layout of(String tap, Shape shape) {
      if (shape.dimension() != 4) {
        throw new IllegalStateException(
            "tap '" + tap + "' should be [B, C, H, W] but has shape " + shape);
      }
      for (long d : shape.getShape()) {
        if (d == 0) {
          throw new IllegalStateException("tap '" + tap + "' came back empty: shape " + shape);
        }
      }
      int h = (int) shape.get(2);
      int w = (int) shape.get(3);
      boolean pool = h > MAX_MAP_SIDE || w > MAX_MAP_SIDE;
      return new Layout(
          tap,
          (int) shape.get(0),
          (int) shape.get(1),
          h,
          w,
          pool ? pooledSide(h) : h,
          pool ? pooledSide(w) : w);
    }

    /** Values per image: mean, max and positive fraction per channel, then the map. */
    int packedWidth() {
      return 3 * channels + mapHeight * mapWidth;
    }
  }
}
