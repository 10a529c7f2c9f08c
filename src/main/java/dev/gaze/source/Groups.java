package dev.gaze.source;

import java.util.ArrayList;
import java.util.List;

/** Cuts an ordered list into contiguous groups of near-equal size, keeping the order. */
public final class Groups {

  private Groups() {}

  /**
   * {@code items} cut into {@code min(groups, items.size())} contiguous groups whose sizes differ
   * by at most one (the larger ones last); no group is empty. The same input always gives the same
   * groups.
   *
   * @throws IllegalArgumentException when {@code groups} is less than 1
   */
  public static <T> List<List<T>> contiguous(List<T> items, int groups) {
    if (groups < 1) {
      throw new IllegalArgumentException("number of groups must be at least 1, got " + groups);
    }
    int n = items.size();
    int k = Math.min(groups, n);
    List<List<T>> out = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      int from = (int) ((long) i * n / k);
      int to = (int) ((long) (i + 1) * n / k);
      out.add(List.copyOf(items.subList(from, to)));
    }
    return out;
  }
}
