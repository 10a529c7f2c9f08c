package dev.gaze.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * The machine's float32 matrix-multiply rate through the engine: the median of timed {@code n x n}
 * products ({@code 2 n^3} floating-point operations each), after a warm-up.
 */
public final class MatmulRate {

  private MatmulRate() {}

  /** FLOP/s of an {@code n x n} float32 matmul on {@code device}, median of {@code reps}. */
  public static double measure(Device device, int n, int reps) {
    try (NDManager manager = NDManager.newBaseManager(device)) {
      NDArray a = manager.randomUniform(-1, 1, new Shape(n, n), DataType.FLOAT32);
      NDArray b = manager.randomUniform(-1, 1, new Shape(n, n), DataType.FLOAT32);
      double[] seconds = new double[reps];
      for (int r = -2; r < reps; r++) {
        try (NDManager scratch = manager.newSubManager()) {
          long t0 = System.nanoTime();
          NDArray c = a.matMul(b);
          c.tempAttach(scratch);
          c.getFloat(0, 0); // forces the product
          if (r >= 0) {
            seconds[r] = (System.nanoTime() - t0) / 1e9;
          }
        }
      }
      Arrays.sort(seconds);
      return 2.0 * n * n * n / seconds[reps / 2];
    }
  }
}
