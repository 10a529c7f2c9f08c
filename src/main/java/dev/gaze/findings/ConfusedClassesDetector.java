package dev.gaze.findings;

import dev.gaze.aggregate.ConfusionCell;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code confused_classes}: the class pairs {a, b} with the highest confusion rate {@code (n(a->b)
 * + n(b->a)) / (n(a) + n(b))}, where {@code n(a->b)} counts images of true class a predicted as b
 * and {@code n(a)} all images of class a. At most {@link FindingOptions#confusedTop()} pairs with a
 * rate of at least {@link FindingOptions#confusedMinRate()}; severity = the rate. The finding's
 * class is the one more often mistaken for the other; the evidence names both ({@code class_a},
 * {@code class_b}).
 *
 * @param options the thresholds
 */
public record ConfusedClassesDetector(FindingOptions options) implements Detector {

  /** This detector's kind. */
  public static final String KIND = "confused_classes";

  @Override
  public String kind() {
    return KIND;
  }

  private record Pair(int a, int b, long ab, long ba, long na, long nb) {
    double rate() {
      return (double) (ab + ba) / (na + nb);
    }
  }

  @Override
  public List<Finding> detect(FindingInputs inputs) {
    Map<Integer, Long> totals = new HashMap<>();
    Map<Long, Long> cells = new HashMap<>();
    for (ConfusionCell cell : inputs.confusion()) {
      totals.merge(cell.classId(), cell.images(), Long::sum);
      cells.merge(key(cell.classId(), cell.predictedId()), cell.images(), Long::sum);
    }
    List<Pair> pairs = new ArrayList<>();
    for (ConfusionCell cell : inputs.confusion()) {
      int a = Math.min(cell.classId(), cell.predictedId());
      int b = Math.max(cell.classId(), cell.predictedId());
      if (a == b || (cell.classId() != a && cells.containsKey(key(a, b)))) {
        continue; // the diagonal, or a pair met already through its (a, b) cell
      }
      long na = totals.getOrDefault(a, 0L);
      long nb = totals.getOrDefault(b, 0L);
      if (na + nb > 0) {
        pairs.add(
            new Pair(
                a,
                b,
                cells.getOrDefault(key(a, b), 0L),
                cells.getOrDefault(key(b, a), 0L),
                na,
                nb));
      }
    }
    pairs.sort(
        Comparator.comparingDouble(Pair::rate)
            .reversed()
            .thenComparingInt(Pair::a)
            .thenComparingInt(Pair::b));
    List<Finding> findings = new ArrayList<>();
    for (Pair p : pairs) {
      if (findings.size() >= options.confusedTop() || p.rate() < options.confusedMinRate()) {
        break;
      }
      findings.add(finding(inputs, p));
    }
    return findings;
  }

  private Finding finding(FindingInputs inputs, Pair p) {
    double aAsB = p.na == 0 ? 0 : (double) p.ab / p.na;
    double bAsA = p.nb == 0 ? 0 : (double) p.ba / p.nb;
    int worse = aAsB >= bAsA ? p.a : p.b;
    String nameA = inputs.className(p.a);
    String nameB = inputs.className(p.b);
    String summary =
        String.format(
            Locale.ROOT,
            "Classes '%s' and '%s' are confused: %.1f%% of their %d images are predicted as the"
                + " other (%.1f%% of '%s' as '%s', %.1f%% of '%s' as '%s').",
            nameA,
            nameB,
            100 * p.rate(),
            p.na + p.nb,
            100 * aAsB,
            nameA,
            nameB,
            100 * bAsA,
            nameB,
            nameA);
    String evidence =
        new Evidence()
            .put("class_a", p.a)
            .put("class_b", p.b)
            .put("name_a", nameA)
            .put("name_b", nameB)
            .put("images_a", p.na)
            .put("images_b", p.nb)
            .put("a_as_b", p.ab)
            .put("b_as_a", p.ba)
            .put("rate", p.rate())
            .json();
    return new Finding(KIND, p.rate(), worse, "", Finding.NO_HEAD, summary, evidence);
  }

  private static long key(int trueClass, int predicted) {
    return ((long) trueClass << 32) | (predicted & 0xFFFFFFFFL);
  }
}
