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

  private ConfusionMatrix(int[] rowIds, int[] columnIds, long[][] counts) {
    this.rowIds = rowIds;
    this.columnIds = columnIds;
    this.counts = counts;
    this.rowTotals = new long[rowIds.length];
    long diagonal = 0;
    long sum = 0;
    for (int r = 0; r < rowIds.length; r++) {
      for (int c = 0; c < columnIds.length; c++) {
        rowTotals[r] += counts[r][c];
        if (rowIds[r] == columnIds[c]) {
          diagonal += counts[r][c];
        }
      }
      sum += rowTotals[r];
    }
    this.correct = diagonal;
    this.total = sum;
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
