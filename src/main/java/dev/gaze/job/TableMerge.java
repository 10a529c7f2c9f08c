package dev.gaze.job;

import dev.gaze.stats.Moments;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * How one result table's rows from two runs over disjoint data combine into the row one run over
 * both would have written, column by column: keys match rows, counts add, descriptive columns must
 * agree, means (scalars or arrays, element by element) are count-weighted, and population standard
 * deviations merge with their means by Chan's formula ({@link Moments}). A row only one run has is
 * taken as it is. Rows are plain value arrays (Integer, Long, String, Double, {@code double[]}) in
 * the table's column order, so that this stays free of Spark.
 */
final class TableMerge {

  /** What a column is. */
  enum Rule {
    /** Part of the row's key. */
    KEY,
    /** A count of images: added. */
    COUNT,
    /** A descriptive value (a name, a shape) that both runs must agree on. */
    SAME,
    /** A mean over images (scalar or array): count-weighted. */
    MEAN,
    /** A population standard deviation over images: merged with its mean by Chan's formula. */
    STD
  }

  private record Column(String name, Rule rule, int meanIndex) {}

  private final String table;
  private final List<Column> columns = new ArrayList<>();

  private TableMerge(String table) {
    this.table = table;
  }

  /** A merge of the table named {@code table}; add its columns in order. */
  static TableMerge of(String table) {
    return new TableMerge(table);
  }

  /** Adds the next column. */
  TableMerge column(String name, Rule rule) {
    if (rule == Rule.STD) {
      throw new IllegalArgumentException("a std column needs its mean column: use std()");
    }
    columns.add(new Column(name, rule, -1));
    return this;
  }

  /** Adds the next column, a standard deviation whose mean is the earlier column {@code mean}. */
  TableMerge std(String name, String mean) {
    columns.add(new Column(name, Rule.STD, index(mean)));
    return this;
  }

  /** The table's name. */
  String table() {
    return table;
  }

  /** The column names in order. */
  List<String> names() {
    return columns.stream().map(Column::name).toList();
  }

  /** The position of a column. */
  int index(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(table + " has no column " + name);
  }

  /** The row's images, from its count column. */
  long count(Object[] row) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).rule() == Rule.COUNT) {
        return ((Number) row[i]).longValue();
      }
    }
    throw new IllegalStateException(table + " has no count column");
  }

  /**
   * The rows of both sides merged, ordered by key (nulls first, as Spark's ascending order).
   *
   * @param weightA the number of images behind a row of {@code a} (usually {@link #count})
   * @param weightB the same for {@code b}
   * @throws IllegalStateException when two matching rows disagree on a descriptive column
   */
  List<Object[]> merge(
      List<Object[]> a,
      ToLongFunction<Object[]> weightA,
      List<Object[]> b,
      ToLongFunction<Object[]> weightB) {
    Map<List<Object>, Object[]> byKey = new LinkedHashMap<>();
    for (Object[] row : a) {
      if (byKey.put(key(row), row) != null) {
        throw new IllegalStateException(table + " holds key " + key(row) + " twice");
      }
    }
    Map<List<Object>, Object[]> merged = new LinkedHashMap<>(byKey);
    java.util.Set<List<Object>> seenB = new java.util.HashSet<>();
    for (Object[] row : b) {
      List<Object> key = key(row);
      if (!seenB.add(key)) {
        throw new IllegalStateException(table + " holds key " + key + " twice");
      }
      Object[] other = byKey.get(key);
      merged.put(
          key,
          other == null ? row : mergeRows(key, other, weightA.applyAsLong(other), row, weightB));
    }
    List<Object[]> out = new ArrayList<>(merged.values());
    out.sort(keyOrder());
    return out;
  }

  private Object[] mergeRows(
      List<Object> key, Object[] a, long wa, Object[] b, ToLongFunction<Object[]> weightB) {
    long wb = weightB.applyAsLong(b);
    Object[] out = new Object[columns.size()];
    for (int i = 0; i < out.length; i++) {
      Column c = columns.get(i);
      Object x = a[i];
      Object y = b[i];
      out[i] =
          switch (c.rule()) {
            case KEY -> x;
            case COUNT -> ((Number) x).longValue() + ((Number) y).longValue();
            case SAME -> {
              if (!same(x, y)) {
                throw new IllegalStateException(
                    table
                        + " row "
                        + key
                        + ": the runs disagree on "
                        + c.name()
                        + " ("
                        + text(x)
                        + " vs "
                        + text(y)
                        + ")");
              }
              yield x;
            }
            case MEAN ->
                x instanceof double[] xs
                    ? Moments.weightedMeans(wa, xs, wb, (double[]) y)
                    : (Object) Moments.weightedMean(wa, (Double) x, wb, (Double) y);
            case STD -> {
              Object ma = a[c.meanIndex()];
              Object mb = b[c.meanIndex()];
              if (x instanceof double[] xs) {
                yield Moments.mergedStds(wa, (double[]) ma, xs, wb, (double[]) mb, (double[]) y);
              }
              yield Moments.ofStd(wa, (Double) ma, (Double) x)
                  .merge(Moments.ofStd(wb, (Double) mb, (Double) y))
                  .std();
            }
          };
    }
    return out;
  }

  private static boolean same(Object x, Object y) {
    if (x instanceof double[] xs && y instanceof double[] ys) {
      return Arrays.equals(xs, ys);
    }
    return Objects.equals(x, y);
  }

  private static String text(Object v) {
    return v instanceof double[] d ? Arrays.toString(d) : String.valueOf(v);
  }

  private List<Object> key(Object[] row) {
    List<Object> key = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).rule() == Rule.KEY) {
        key.add(row[i]);
      }
    }
    return key;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Comparator<Object[]> keyOrder() {
    Comparator<Object[]> order = (r, s) -> 0;
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).rule() == Rule.KEY) {
        int at = i;
        Comparator<Comparable> natural = Comparator.nullsFirst(Comparator.naturalOrder());
        order = order.thenComparing(r -> (Comparable) r[at], natural);
      }
    }
    return order;
  }
}
