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

  /** Below the side-by-side attention maps of a confused class pair. */
  static final String PAIR_ATTENTION =
      "The two classes' class-token attention maps of this block, each head and the head mean,"
          + " on one colour scale: where they match, the block looks at the same patches for"
          + " both classes.";

  /** Above the list of findings. */
  static final String FINDINGS =
      "What Gaze saw in the tables, most severe first. Severity is between 0 and 1 and is"
          + " defined per kind (see docs/findings.md); each finding links to the figure that shows"
          + " its evidence and carries the numbers behind it.";

  /** Instead of the list of findings when there are none. */
  static final String NO_FINDINGS =
      "No findings: no dead channels or flat taps, no early tap short of high frequencies, and"
          + " no class pair confused above the threshold.";

  /** Below a block's heads x classes class-token maps. */
  static final String ATTENTION_MAPS =
      "Per class (columns) and head (rows; the head mean last), the class token's attention over"
          + " the patch grid (its weight on itself left out, the rest summing to 1), mean over"
          + " the class's images. One colour scale for the block (the bar at the right); darker"
          + " is more attention.";

  /** Below a block's head-similarity matrix. */
  static final String HEAD_SIMILARITY =
      "Mean over all images of the cosine similarity of two heads' class-token maps; pairs above"
          + " 0.95 attend alike and are candidates for pruning.";

  /** Below the rollout figure. */
  static final String ROLLOUT =
      "Per class, the attention rollout (head-averaged attention, 0.5A + 0.5I with rows"
          + " renormalised, multiplied from the first block to the last; the class token's row"
          + " over the patches) averaged over the class's images, blended over the class's mean"
          + " input image.";

  /** Instead of the rollout figure. */
  static final String NO_ROLLOUT = "No rollout: not every block's attention was analysed.";

  /** Below the entropy and distance chart. */
  static final String HEAD_PROFILE =
      "Low entropy: the class token concentrates on few patches; ln(patches), named in the"
          + " axis title, is a uniform spread. Distance: how far, in patches, a patch's attention reaches on"
          + " average.";

  /** Above the border-fraction ranking. */
  static final String BORDER =
      "The share of the class token's attention (head mean) that falls on the outer ring of"
          + " patches. A class that looks at the border more than the others may be recognised"
          + " by its background or by marks near the edge.";

  private Captions() {}

  /** Below a class page's maps and channel profile. */
  static final String CLASS_MAPS =
      "Per tap: the class's mean map (the channel-averaged feature map over its images), the"
          + " dataset-wide mean map on the same colour scale, and their difference (class minus"
          + " dataset; red where the class is above the dataset, blue below, white equal); at the"
          + " right each channel's mean for the class (red) over the dataset's (grey).";

  /** Below a class page's side-by-side maps of the classes it is confused with. */
  static final String CLASS_COMPARED =
      "Per tap, this class's mean map first, then those of the classes it is most often taken"
          + " for or taken for, on one colour scale per tap: where they look alike, the tap"
          + " cannot tell the classes apart by where it responds.";

  /** Beside a figure that shows a subset of the classes. */
  static final String SUBSET =
      "With more than "
          + ClassTable.FIGURE_CLASSES
          + " classes the figure shows "
          + ClassTable.FIGURE_CLASSES
          + " of them: the classes the findings name, then the most atypical, then the worst by"
          + " accuracy.";
}
