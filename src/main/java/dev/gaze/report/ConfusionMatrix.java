package dev.gaze.report;

import dev.gaze.aggregate.ConfusionCell;
import java.util.List;
import java.util.TreeSet;

/**
 * The {@code confusion} table as a matrix: a row per true class, a column per predicted class,
 * counts normalised per row. The rows are the known classes ({@code 0 .. classNames.size()-1}) plus
 * any other true id seen; the columns likewise for predicted ids, so a model that predicts outside
 * the dataset's classes gets extra columns.
 */
final class ConfusionMatrix {

  private final int[] rowIds;
  private final int[] columnIds;
  private final long[][] counts;
  private final long[] rowTotals;
  private final long correct;
  private final long total;

  private final boolean subset;

  private ConfusionMatrix(int[] rowIds, int[] columnIds, long[][] counts) {
    this(rowIds, columnIds, counts, null);
  }

  /** With {@code rowTotals} null, each row's total is the sum of its cells. */
  private ConfusionMatrix(int[] rowIds, int[] columnIds, long[][] counts, long[] rowTotals) {
    this.rowIds = rowIds;
    this.columnIds = columnIds;
    this.counts = counts;
    this.subset = rowTotals != null;
    this.rowTotals = rowTotals != null ? rowTotals : new long[rowIds.length];
    long diagonal = 0;
    long sum = 0;
    for (int r = 0; r < rowIds.length; r++) {
      for (int c = 0; c < columnIds.length; c++) {
        if (!subset) {
          this.rowTotals[r] += counts[r][c];
        }
        if (rowIds[r] == columnIds[c]) {
          diagonal += counts[r][c];
        }
      }
      sum += this.rowTotals[r];
    }
    this.correct = diagonal;
    this.total = sum;
  }

  /**
   * The matrix restricted to the classes {@code ids} (ascending, as rows and columns), each cell
   * still the share of all the true class's images, so that a row's cells may sum to less than 1
   * (the rest went to classes outside the set). Memory in {@code ids.size()} squared, whatever the
   * number of classes.
   *
   * @throws IllegalArgumentException if a cell has a negative id or count
   */
  static ConfusionMatrix over(List<ConfusionCell> cells, List<Integer> ids) {
    int[] sorted = ids.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
    java.util.Map<Integer, Integer> index = new java.util.HashMap<>();
    for (int i = 0; i < sorted.length; i++) {
      index.put(sorted[i], i);
    }
    long[][] counts = new long[sorted.length][sorted.length];
    long[] totals = new long[sorted.length];
    for (ConfusionCell cell : cells) {
      if (cell.classId() < 0 || cell.predictedId() < 0 || cell.images() < 0) {
        throw new IllegalArgumentException(
            "confusion cell " + cell + ": classId, predictedId and images must all be >= 0");
      }
      Integer r = index.get(cell.classId());
      if (r == null) {
        continue;
      }
      totals[r] += cell.images();
      Integer c = index.get(cell.predictedId());
      if (c != null) {
        counts[r][c] += cell.images();
      }
    }
    return new ConfusionMatrix(sorted, sorted.clone(), counts, totals);
  }

  /** Whether this is a restriction to some classes ({@link #over}). */
  boolean subset() {
    return subset;
  }

  /**
   * The matrix of {@code cells}; cells naming the same pair are added up.
   *
   * @throws IllegalArgumentException if a cell has a negative id or count
   */
  static ConfusionMatrix of(List<ConfusionCell> cells, int knownClasses) {
    TreeSet<Integer> rows = new TreeSet<>();
    TreeSet<Integer> columns = new TreeSet<>();
    for (int i = 0; i < knownClasses; i++) {
      rows.add(i);
      columns.add(i);
    }
    for (ConfusionCell cell : cells) {
      if (cell.classId() < 0 || cell.predictedId() < 0 || cell.images() < 0) {
        throw new IllegalArgumentException(
            "confusion cell " + cell + ": classId, predictedId and images must all be >= 0");
      }
      rows.add(cell.classId());
      columns.add(cell.predictedId());
    }
    int[] rowIds = rows.stream().mapToInt(Integer::intValue).toArray();
    int[] columnIds = columns.stream().mapToInt(Integer::intValue).toArray();
    long[][] counts = new long[rowIds.length][columnIds.length];
    for (ConfusionCell cell : cells) {
      int r = rows.headSet(cell.classId()).size();
      int c = columns.headSet(cell.predictedId()).size();
      counts[r][c] += cell.images();
    }
    return new ConfusionMatrix(rowIds, columnIds, counts);
  }

  /** The number of rows (true classes). */
  int rows() {
    return rowIds.length;
  }

  /** The number of columns (predicted classes). */
  int columns() {
    return columnIds.length;
  }

  /** The class id of row {@code r}. */
  int rowId(int r) {
    return rowIds[r];
  }

  /** The class id of column {@code c}. */
  int columnId(int c) {
    return columnIds[c];
  }

  /** The images of true class row {@code r} predicted as column {@code c}. */
  long count(int r, int c) {
    return counts[r][c];
  }

  /** The share of row {@code r}'s images predicted as column {@code c}; NaN for an empty row. */
  double fraction(int r, int c) {
    return rowTotals[r] == 0 ? Double.NaN : (double) counts[r][c] / rowTotals[r];
  }

  /** The images whose prediction equals their class. */
  long correct() {
    return correct;
  }

  /** All images in the matrix. */
  long total() {
    return total;
  }

  /** Top-1 accuracy, {@code correct / total}; NaN when there are no images. */
  double accuracy() {
    return total == 0 ? Double.NaN : (double) correct / total;
  }
}
