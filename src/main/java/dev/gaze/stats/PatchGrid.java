package dev.gaze.stats;

/**
 * A square grid of {@code side x side} patches, numbered row-major from 0, with the geometry the
 * attention statistics need: distances between patch centres in patch units, and the outer ring.
 *
 * @param side patches along one side
 */
public record PatchGrid(int side) {

  /** Checks the side. */
  public PatchGrid {
    if (side <= 0) {
      throw new IllegalArgumentException("a patch grid needs a positive side, got " + side);
    }
  }

  /**
   * The grid of a Transformer's tokens: one class token followed by {@code side * side} patches.
   *
   * @throws IllegalArgumentException when {@code tokens - 1} is not a positive square
   */
  public static PatchGrid ofTokens(long tokens) {
    long patches = tokens - 1;
    long side = Math.round(Math.sqrt((double) patches));
    if (patches <= 0 || side * side != patches) {
      throw new IllegalArgumentException(
          tokens + " tokens are not a class token and a square grid of patches");
    }
    return new PatchGrid((int) side);
  }

  /** Number of patches. */
  public int patches() {
    return side * side;
  }

  /** Number of tokens, the class token included. */
  public int tokens() {
    return patches() + 1;
  }

  /** The Euclidean distance between the centres of patches {@code i} and {@code j}. */
  public double distance(int i, int j) {
    double dy = i / side - j / side;
    double dx = i % side - j % side;
    return Math.sqrt(dy * dy + dx * dx);
  }

  /** Every patch-to-patch distance, {@code [patches, patches]} row-major. */
  public double[] distances() {
    int p = patches();
    double[] out = new double[p * p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) {
        out[i * p + j] = distance(i, j);
      }
    }
    return out;
  }

  /** Whether patch {@code i} lies on the outer ring (first or last row or column). */
  public boolean onBorder(int i) {
    int y = i / side;
    int x = i % side;
    return y == 0 || x == 0 || y == side - 1 || x == side - 1;
  }

  /** 1 for each patch on the outer ring, 0 elsewhere. */
  public double[] borderMask() {
    double[] out = new double[patches()];
    for (int i = 0; i < out.length; i++) {
      out[i] = onBorder(i) ? 1 : 0;
    }
    return out;
  }
}
