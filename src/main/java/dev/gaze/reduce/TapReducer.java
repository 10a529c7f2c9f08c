package dev.gaze.reduce;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reduces a batch of feature maps {@code [B, C, H, W]} to per-image {@link TapStats} on the array's
 * device, then copies the small result to the JVM in one transfer.
 *
 * <p>The spatial map is the mean over channels; when {@code H} or {@code W} exceeds {@link
 * #MAX_MAP_SIDE} it is average-pooled with a window of {@code ceil(H / 64) x ceil(W / 64)} (stride
 * equal to the window, the last window averaging only the positions it covers), so a 224x224 map
 * becomes 56x56 and a 100x100 map 50x50.
 */
public final class TapReducer {

  /** The largest side a spatial map keeps before it is average-pooled. */
  public static final int MAX_MAP_SIDE = 64;

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
    Shape shape = activations.getShape();
    if (shape.dimension() != 4) {
      throw new IllegalStateException(
          "tap '" + tap + "' should be [B, C, H, W] but has shape " + shape);
    }
    int batch = (int) shape.get(0);
    int channels = (int) shape.get(1);
    long height = shape.get(2);
    long width = shape.get(3);
    if (batch == 0 || channels == 0 || height == 0 || width == 0) {
      throw new IllegalStateException("tap '" + tap + "' came back empty: shape " + shape);
    }
    NDArray x = activations.toType(DataType.FLOAT32, false);
    NDArray positions = x.reshape(batch, channels, height * width);
    int[] last = {2};
    NDArray mean = positions.mean(last);
    NDArray max = positions.max(last);
    NDArray zero = positions.lte(0f).toType(DataType.FLOAT32, false).mean(last);
    NDArray map = x.mean(new int[] {1}, true);
    int mapHeight = (int) height;
    int mapWidth = (int) width;
    if (height > MAX_MAP_SIDE || width > MAX_MAP_SIDE) {
      Shape window = new Shape(poolWindow(height), poolWindow(width));
      map = Pool.avgPool2d(map, window, window, new Shape(0, 0), true, false);
      mapHeight = pooledSide(height);
      mapWidth = pooledSide(width);
    }
    NDArray packed = NDArrays.concat(new NDList(mean, max, zero, map.reshape(batch, -1)), 1);
    float[] all = packed.toFloatArray();
    int stride = 3 * channels + mapHeight * mapWidth;
    if (all.length != batch * stride) {
      throw new IllegalStateException(
          "tap '" + tap + "' reduced to " + all.length + " values, expected " + batch * stride);
    }
    List<TapStats> out = new ArrayList<>(batch);
    for (int b = 0; b < batch; b++) {
      int base = b * stride;
      out.add(
          new TapStats(
              tap,
              Arrays.copyOfRange(all, base, base + channels),
              Arrays.copyOfRange(all, base + channels, base + 2 * channels),
              Arrays.copyOfRange(all, base + 2 * channels, base + 3 * channels),
              mapHeight,
              mapWidth,
              Arrays.copyOfRange(all, base + 3 * channels, base + stride)));
    }
    return out;
  }

  /** The predicted class of each image: the arg-max of its logits {@code [B, K]}. */
  public static int[] predictions(NDArray logits) {
    return logits.argMax(1).toType(DataType.INT32, false).toIntArray();
  }
}
