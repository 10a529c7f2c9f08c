package dev.gaze.report;

import dev.gaze.findings.Finding;
import java.util.List;

/**
 * A confused class pair and the figures drawn for it: per feature-map tap, the two classes' mean
 * spatial maps side by side on one colour scale; per attention tap, their class-token attention
 * maps (each head and the head mean).
 *
 * @param index the pair's position among the confused pairs, from 0
 * @param finding the {@code confused_classes} finding
 * @param classA the pair's lower class id
 * @param classB the pair's higher class id
 * @param panels one figure per tap that has maps of both classes, in tap order
 */
record PairFigures(int index, Finding finding, int classA, int classB, List<Panel> panels) {

  /**
   * One tap's side-by-side figure.
   *
   * @param tap the tap's name
   * @param file the figure's file name
   * @param attention whether it shows class-token attention maps (an attention tap) rather than
   *     mean spatial maps
   */
  record Panel(String tap, String file, boolean attention) {

    /** The caption below the figure. */
    String caption() {
      return attention ? Captions.PAIR_ATTENTION : Captions.PAIR;
    }
  }

  /** The pair's anchor in the page, e.g. {@code "pair-01"}. */
  String anchor() {
    return String.format(java.util.Locale.ROOT, "pair-%02d", index + 1);
  }
}
