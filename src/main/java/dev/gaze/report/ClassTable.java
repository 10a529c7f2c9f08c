package dev.gaze.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gaze.aggregate.ActivationStats;
import dev.gaze.aggregate.AttentionAggregation;
import dev.gaze.aggregate.AttentionRows;
import dev.gaze.aggregate.ConfusionCell;
import dev.gaze.findings.AtypicalClassDetector;
import dev.gaze.findings.ConfusedClassesDetector;
import dev.gaze.findings.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The per-class numbers of the report, one {@link Row} per class id: images, accuracy, the classes
 * it is taken for and that are taken for it, the attention figures the findings use (border share,
 * entropy) and its atypicality score; and the subset of classes that figures show when there are
 * more than {@link #FIGURE_CLASSES}. Built from sparse confusion cells, so it costs memory in the
 * number of cells, not the square of the class count.
 */
final class ClassTable {

  /**
   * Figures with a panel, row or column per class show every class up to this many classes, and a
   * chosen subset of this many beyond (the full set is paged). 24 panels of a spatial grid fit one
   * screen at a size where a 7 x 7 map can still be read.
   */
  static final int FIGURE_CLASSES = 24;

  /** How many confusions each way a class page and the class table list. */
  static final int CONFUSIONS_LISTED = 5;

  /**
   * A class id and an image count.
   *
   * @param classId the other class
   * @param images the images
   * @param share their share of the true class's images
   */
  record Count(int classId, long images, double share) {}

  /**
   * One class's numbers.
   *
   * @param id the class id
   * @param name its name
   * @param images its images (its confusion row's total, else its activation rows' count)
   * @param classified its images in the confusion cells
   * @param correct its images predicted as itself
   * @param takenFor the classes its images are predicted as, most first (share of its images)
   * @param takenForIt the classes whose images are predicted as it, most first (share of theirs)
   * @param border the head-mean border share averaged over attention blocks, NaN without
   * @param entropy the head-mean class-token entropy averaged over blocks, NaN without
   * @param atypical its highest atypicality score over taps and measures, null without
   */
  record Row(
      int id,
      String name,
      long images,
      long classified,
      long correct,
      List<Count> takenFor,
      List<Count> takenForIt,
      double border,
      double entropy,
      AtypicalClassDetector.Score atypical) {

    /** Top-1 accuracy, NaN without confusion cells. */
    double accuracy() {
      return classified == 0 ? Double.NaN : (double) correct / classified;
    }

    /** The share of its images predicted as another class, NaN without confusion cells. */
    double confusedShare() {
      double a = accuracy();
      return Double.isNaN(a) ? Double.NaN : 1 - a;
    }

    /** The atypicality z-score, NaN when none was computed. */
    double atypicalZ() {
      return atypical == null ? Double.NaN : atypical.z();
    }
  }

  /** The most confused pairs kept for {@link #topPairs}. */
  static final int PAIRS_KEPT = 200;

  private final List<Row> rows;
  private final List<long[]> pairs;
  private final long correct;
  private final long total;
  private final boolean hasConfusion;

  private ClassTable(
      List<Row> rows, List<long[]> pairs, long correct, long total, boolean hasConfusion) {
    this.rows = rows;
    this.pairs = pairs;
    this.correct = correct;
    this.total = total;
    this.hasConfusion = hasConfusion;
  }

  /** The table of every class named by {@code ctx} or present in the rows. */
  static ClassTable of(
      ReportContext ctx,
      List<TapRows> taps,
      List<ConfusionCell> confusion,
      AttentionInputs attention) {
    int count = ctx.classNames().size();
    Map<Integer, String> names = new HashMap<>();
    Map<Integer, Long> activationImages = new HashMap<>();
    for (TapRows tap : taps) {
      for (ActivationStats r : tap.classRows()) {
        count = Math.max(count, r.classId() + 1);
        names.putIfAbsent(r.classId(), r.className());
        activationImages.putIfAbsent(r.classId(), r.images());
      }
    }
    Map<Integer, Long> diagonal = new HashMap<>();
    Map<Integer, Map<Integer, Long>> out = new HashMap<>();
    Map<Integer, Map<Integer, Long>> in = new HashMap<>();
    Map<Integer, Long> rowTotals = new HashMap<>();
    long correct = 0;
    long total = 0;
    for (ConfusionCell c : confusion) {
      count = Math.max(count, c.classId() + 1);
      rowTotals.merge(c.classId(), c.images(), Long::sum);
      total += c.images();
      if (c.classId() == c.predictedId()) {
        diagonal.merge(c.classId(), c.images(), Long::sum);
        correct += c.images();
      } else if (c.images() > 0) {
        out.computeIfAbsent(c.classId(), k -> new HashMap<>())
            .merge(c.predictedId(), c.images(), Long::sum);
        in.computeIfAbsent(c.predictedId(), k -> new HashMap<>())
            .merge(c.classId(), c.images(), Long::sum);
      }
    }
    Map<Integer, double[]> border = new HashMap<>();
    Map<Integer, double[]> entropy = new HashMap<>();
    if (attention != null) {
      for (AttentionRows.Stats s : attention.stats()) {
        if (s.classId() >= 0 && s.head() == AttentionAggregation.HEAD_MEAN) {
          add(border, s.classId(), s.borderFraction());
          add(entropy, s.classId(), s.entropyMean());
        }
      }
    }
    List<ActivationStats> all = new ArrayList<>();
    taps.forEach(t -> all.addAll(t.classRows()));
    Map<Integer, AtypicalClassDetector.Score> atypical =
        AtypicalClassDetector.highest(
            AtypicalClassDetector.scores(all, taps.stream().map(TapRows::tap).toList()));
    List<Row> rows = new ArrayList<>(count);
    for (int id = 0; id < count; id++) {
      String name =
          id < ctx.classNames().size()
              ? ctx.classNames().get(id)
              : names.getOrDefault(id, "#" + id);
      long images = rowTotals.getOrDefault(id, activationImages.getOrDefault(id, 0L));
      long rowTotal = rowTotals.getOrDefault(id, 0L);
      List<Count> takenFor = top(out.get(id), k -> rowTotal);
      List<Count> takenForIt = top(in.get(id), k -> rowTotals.getOrDefault(k, 0L));
      rows.add(
          new Row(
              id,
              name,
              images,
              rowTotal,
              diagonal.getOrDefault(id, 0L),
              takenFor,
              takenForIt,
              mean(border.get(id)),
              mean(entropy.get(id)),
              atypical.get(id)));
    }
    List<long[]> pairs = new ArrayList<>();
    out.forEach((t, predicted) -> predicted.forEach((p, n) -> pairs.add(new long[] {t, p, n})));
    pairs.sort(
        Comparator.<long[]>comparingLong(p -> -p[2])
            .thenComparingLong(p -> p[0])
            .thenComparingLong(p -> p[1]));
    List<long[]> kept = List.copyOf(pairs.subList(0, Math.min(PAIRS_KEPT, pairs.size())));
    return new ClassTable(List.copyOf(rows), kept, correct, total, !confusion.isEmpty());
  }

  /** Every class, in id order. */
  List<Row> rows() {
    return rows;
  }

  /** The number of classes. */
  int size() {
    return rows.size();
  }

  /** Whether figures show a subset rather than every class. */
  boolean large() {
    return rows.size() > FIGURE_CLASSES;
  }

  /** Class {@code id}'s row, or null outside the table. */
  Row row(int id) {
    return id >= 0 && id < rows.size() ? rows.get(id) : null;
  }

  /** The class's name, or {@code "#id"}. */
  String name(int id) {
    Row r = row(id);
    return r == null ? "#" + id : r.name();
  }

  /** Whether there were confusion cells. */
  boolean hasConfusion() {
    return hasConfusion;
  }

  /** The images predicted as their class, over all classes. */
  long correct() {
    return correct;
  }

  /** All images in the confusion cells. */
  long total() {
    return total;
  }

  /** Top-1 accuracy over all images, NaN without any. */
  double accuracy() {
    return total == 0 ? Double.NaN : (double) correct / total;
  }

  /**
   * The classes the figures show, ascending by id: every class when there are at most {@link
   * #FIGURE_CLASSES}; else, up to that many, first the classes the findings name (their class, and
   * both classes of a confused pair), then the most atypical, then the worst by accuracy.
   */
  List<Integer> figureClasses(List<Finding> findings) {
    if (!large()) {
      List<Integer> all = new ArrayList<>();
      rows.forEach(r -> all.add(r.id()));
      return all;
    }
    Set<Integer> chosen = new LinkedHashSet<>();
    for (Finding f : findings) {
      if (f.kind().equals(ConfusedClassesDetector.KIND)) {
        JsonNode e = EvidenceLinks.parse(f);
        addIfKnown(chosen, e.path("class_a").asInt(-1));
        addIfKnown(chosen, e.path("class_b").asInt(-1));
      } else {
        addIfKnown(chosen, f.classId());
      }
    }
    for (Row r : byAtypicality()) {
      if (chosen.size() >= FIGURE_CLASSES * 2 / 3) {
        break;
      }
      if (!Double.isNaN(r.atypicalZ())) {
        chosen.add(r.id());
      }
    }
    for (Row r : byAccuracy()) {
      if (chosen.size() >= FIGURE_CLASSES) {
        break;
      }
      chosen.add(r.id());
    }
    for (Row r : rows) {
      if (chosen.size() >= FIGURE_CLASSES) {
        break;
      }
      chosen.add(r.id());
    }
    return new ArrayList<>(new TreeSet<>(chosen))
        .subList(0, Math.min(chosen.size(), FIGURE_CLASSES));
  }

  /** Classes by accuracy, worst first (classes without images last), ties by id. */
  List<Row> byAccuracy() {
    return sorted(Comparator.comparingDouble(r -> nanLast(r.accuracy())));
  }

  /** Classes by the share of their images taken for another class, most first. */
  List<Row> byConfusion() {
    return sorted(Comparator.comparingDouble(r -> nanLast(-r.confusedShare())));
  }

  /** Classes by atypicality score, highest first. */
  List<Row> byAtypicality() {
    return sorted(Comparator.comparingDouble(r -> nanLast(-r.atypicalZ())));
  }

  /**
   * The most frequent confusions (true class, predicted class) over the table, most images first,
   * at most {@code limit} (and {@value #PAIRS_KEPT}): as {@code [true, predicted, images]}, ties by
   * ids.
   */
  List<long[]> topPairs(int limit) {
    return pairs.subList(0, Math.min(limit, pairs.size()));
  }

  /** The page of class {@code id}, relative to the report folder. */
  static String page(int id) {
    return String.format(Locale.ROOT, "%s/class-%05d.html", ClassPages.DIR, id);
  }

  private List<Row> sorted(Comparator<Row> order) {
    List<Row> copy = new ArrayList<>(rows);
    copy.sort(order.thenComparingInt(Row::id));
    return copy;
  }

  private void addIfKnown(Set<Integer> chosen, int id) {
    if (id >= 0 && id < rows.size()) {
      chosen.add(id);
    }
  }

  private static double nanLast(double v) {
    return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
  }

  private static List<Count> top(
      Map<Integer, Long> counts, java.util.function.IntToLongFunction of) {
    if (counts == null) {
      return List.of();
    }
    List<Count> list = new ArrayList<>();
    counts.forEach(
        (k, n) -> {
          long base = of.applyAsLong(k);
          list.add(new Count(k, n, base == 0 ? Double.NaN : (double) n / base));
        });
    list.sort(Comparator.comparingLong((Count c) -> -c.images()).thenComparingInt(Count::classId));
    return List.copyOf(list.subList(0, Math.min(CONFUSIONS_LISTED, list.size())));
  }

  private static void add(Map<Integer, double[]> sums, int id, double v) {
    if (Double.isFinite(v)) {
      double[] s = sums.computeIfAbsent(id, k -> new double[2]);
      s[0] += v;
      s[1]++;
    }
  }

  private static double mean(double[] s) {
    return s == null || s[1] == 0 ? Double.NaN : s[0] / s[1];
  }
}
