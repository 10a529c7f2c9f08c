package dev.gaze.job;

import dev.gaze.image.InputSpec;
import dev.gaze.reduce.TapReducer;

/**
 * An image's model input reduced for display: averaged over channels and, when a side exceeds
 * {@link TapReducer#MAX_MAP_SIDE}, average-pooled as the feature maps are. Per class, its mean is
 * the representative image the report draws the attention rollout over.
 */
final class InputMaps {

  private InputMaps() {}

  /** Side of the map for an input side. */
  static int side(int inputSide) {
    return TapReducer.pooledSide(inputSide);
  }

  /** The map of the preprocessed image at {@code buffer[offset..]}, {@code [C, H, W]}. */
  static float[] of(float[] buffer, int offset, InputSpec spec) {
    int c = spec.channels();
    int h = spec.height();
    int w = spec.width();
    int wy = TapReducer.poolWindow(h);
    int wx = TapReducer.poolWindow(w);
    int oh = side(h);
    int ow = side(w);
    double[] sum = new double[oh * ow];
    int[] count = new int[oh * ow];
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int cell = (y / wy) * ow + x / wx;
          sum[cell] += buffer[offset + (ch * h + y) * w + x];
          count[cell]++;
        }
      }
    }
    float[] out = new float[sum.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (sum[i] / count[i]);
    }
    return out;
  }
}
