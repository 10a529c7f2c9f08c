package dev.gaze.report;

/** The figures' captions as plain text, shared by the HTML page and the PDF. */
final class Captions {

  /** Below a tap's grid of per-class mean spatial maps. */
  static final String SPATIAL =
      "Each panel is the mean, over the images of one class, of this tap's feature map"
          + " averaged over its channels, enlarged without smoothing (top of the panel = top"
          + " of the image). All panels share one colour scale (the bar at the right), so"
          + " compare brightness across classes: a bright area is where the tap responds"
          + " strongly for that class. The same pattern in every panel means the tap responds"
          + " to position rather than to class.";

  /** Below a tap's class x channel heatmap. */
  static final String CHANNELS =
      "Rows are classes, columns are channels; each cell is the channel's mean activation over"
          + " the class's images, on one colour scale for the whole matrix. A column bright for"
          + " one class and dark for the others is a channel selective for that class; a"
          + " column of one colour from top to bottom responds the same to every class.";

  /** Below a tap's dead-channel chart. */
  static final String DEAD =
      "For every channel, the share of its positions that are <= 0, averaged over all"
          + " images. Red bars are dead channels: they were never above zero on any image and"
          + " pass nothing on. After a ReLU a zero fraction close to 1 means the channel fires"
          + " rarely; before an activation (or in a transformer) about 0.5 is normal.";

  /** Below the confusion matrix. */
  static final String CONFUSION =
      "Each row is a true class and is normalised to sum to 1; each column is a"
          + " predicted class. The diagonal is the share of a class's images the model"
          + " got right (its recall); a bright cell off the diagonal shows which class"
          + " it is mistaken for. Grey rows have no images. Numbers are written into"
          + " the cells when there are at most "
          + ConfusionMatrixChart.MAX_NUMBERED
          + " classes.";

  /** Below the side-by-side maps of a confused class pair. */
  static final String PAIR =
      "The two classes' mean spatial maps of this tap, side by side on one colour scale:"
          + " where they look alike, this tap cannot tell them apart by where it responds.";

  /** Above the list of findings. */
  static final String FINDINGS =
      "What Gaze saw in the tables, most severe first. Severity is between 0 and 1 and is"
          + " defined per kind (see the README); each finding links to the figure that shows"
          + " its evidence and carries the numbers behind it.";

  /** Instead of the list of findings when there are none. */
  static final String NO_FINDINGS =
      "No findings: no dead channels or flat taps, no early tap short of high frequencies, and"
          + " no class pair confused above the threshold.";

  private Captions() {}
}
