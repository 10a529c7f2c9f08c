package dev.gaze.report;

import java.util.List;

/**
 * What the pages know about the classes: the per-class table, for links and numbers, and the
 * classes the figures show (every class up to {@link ClassTable#FIGURE_CLASSES}, else a subset).
 *
 * @param table the per-class numbers
 * @param figureClasses the class ids the figures show, ascending
 */
record Shown(ClassTable table, List<Integer> figureClasses) {

  /** Whether the figures show a subset of the classes. */
  boolean subset() {
    return table.large();
  }

  /** A link to class {@code id}'s page from a page in the report folder, its name as text. */
  String link(int id) {
    return ClassPages.link(table, id, false);
  }
}
