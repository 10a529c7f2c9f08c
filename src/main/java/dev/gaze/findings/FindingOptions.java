package dev.gaze.findings;

/**
 * The detectors' thresholds. {@link #defaults()} gives the documented defaults; docs/findings.md
 * (checked by DocsTest) says what each one means.
 *
 * @param deadTapFraction a tap whose share of dead channels is above this is "mostly dead"
 * @param flatSpread a tap is flat across classes when the spread of its per-class maps, relative to
 *     the maps' size, is below this
 * @param hfMinRatio an early tap carries too little high-frequency energy when its Laplacian energy
 *     ratio (white noise = 1) is below this
 * @param hfEarlyFraction the first {@code ceil(fraction * taps)} taps with a spatial map are the
 *     early ones
 * @param confusedTop at most this many confused class pairs are reported
 * @param confusedMinRate a pair is reported only when this share of its images goes to the other
 *     class
 * @param redundantCosine head pairs with a class-token map cosine above this are redundant
 * @param borderZ a class's border attention is reported when its robust z-score is above this
 * @param borderMinExcess ... and its border share exceeds the median over classes by at least this
 * @param atypicalZ a class's distance from the other classes (its mean map or channel profile) is
 *     reported when its robust z-score over the classes' distances is above this
 * @param atypicalMinRatio ... and the distance is at least this many times the median distance
 * @param atypicalTop at most this many atypical classes are reported, the highest scores first
 */
public record FindingOptions(
    double deadTapFraction,
    double flatSpread,
    double hfMinRatio,
    double hfEarlyFraction,
    int confusedTop,
    double confusedMinRate,
    double redundantCosine,
    double borderZ,
    double borderMinExcess,
    double atypicalZ,
    double atypicalMinRatio,
    int atypicalTop) {

  /** Default of {@link #deadTapFraction()}. */
  public static final double DEFAULT_DEAD_TAP_FRACTION = 0.5;

  /** Default of {@link #flatSpread()}. */
  public static final double DEFAULT_FLAT_SPREAD = 0.01;

  /** Default of {@link #hfMinRatio()}. */
  public static final double DEFAULT_HF_MIN_RATIO = 0.005;

  /** Default of {@link #hfEarlyFraction()}. */
  public static final double DEFAULT_HF_EARLY_FRACTION = 0.5;

  /** Default of {@link #confusedTop()}. */
  public static final int DEFAULT_CONFUSED_TOP = 3;

  /** Default of {@link #confusedMinRate()}. */
  public static final double DEFAULT_CONFUSED_MIN_RATE = 0.01;

  /** Default of {@link #redundantCosine()}. */
  public static final double DEFAULT_REDUNDANT_COSINE = 0.95;

  /** Default of {@link #borderZ()} (Iglewicz and Hoaglin's cut-off for the modified z-score). */
  public static final double DEFAULT_BORDER_Z = 3.5;

  /**
   * Default of {@link #borderMinExcess()}: 30 points of attention share. With ten classes the MAD
   * comes from ten values and the z-score alone is noisy: in a ViT of demo-vit's architecture
   * trained on Fashion-MNIST with one class framed (24 trainings, 16 heads and 4 head means each),
   * classes without any planted cue reached robust z up to 5.1 in some head with up to 28 points
   * above the median, while the framed class, in the trainings that used the frame, stood 34-64
   * points above it.
   */
  public static final double DEFAULT_BORDER_MIN_EXCESS = 0.30;

  /** Default of {@link #atypicalZ()} (Iglewicz and Hoaglin's cut-off, as for the border). */
  public static final double DEFAULT_ATYPICAL_Z = 3.5;

  /**
   * Default of {@link #atypicalMinRatio()}: twice the median distance. With few classes the MAD is
   * noisy and the z-score alone names the most different class of a varied set; a class twice as
   * far from the others as the typical class is apart whatever the class count. (It does not make
   * the finding rare on its own: see {@link #DEFAULT_ATYPICAL_TOP}.)
   */
  public static final double DEFAULT_ATYPICAL_MIN_RATIO = 2.0;

  /**
   * Default of {@link #atypicalTop()}: the findings open the report, and beyond ten classes a
   * person reads the class table's "most atypical" order instead (1,000 synthetic classes of 3
   * images each, analysed with demo-cnn, put 132 classes over both thresholds).
   */
  public static final int DEFAULT_ATYPICAL_TOP = 10;

  /** The thresholds before {@code atypical_class}, with its defaults. */
  public FindingOptions(
      double deadTapFraction,
      double flatSpread,
      double hfMinRatio,
      double hfEarlyFraction,
      int confusedTop,
      double confusedMinRate,
      double redundantCosine,
      double borderZ,
      double borderMinExcess) {
    this(
        deadTapFraction,
        flatSpread,
        hfMinRatio,
        hfEarlyFraction,
        confusedTop,
        confusedMinRate,
        redundantCosine,
        borderZ,
        borderMinExcess,
        DEFAULT_ATYPICAL_Z,
        DEFAULT_ATYPICAL_MIN_RATIO,
        DEFAULT_ATYPICAL_TOP);
  }

  /**
   * Checks the thresholds.
   *
   * @throws IllegalArgumentException naming the first threshold out of its range
   */
  public FindingOptions {
    unit("dead-tap-fraction", deadTapFraction, true);
    positive("flat-spread", flatSpread);
    positive("hf-min-ratio", hfMinRatio);
    unit("hf-early-fraction", hfEarlyFraction, false);
    if (confusedTop < 0) {
      throw new IllegalArgumentException("--confused-top must be >= 0, got " + confusedTop);
    }
    unit("confused-min-rate", confusedMinRate, true);
    if (!(redundantCosine > -1 && redundantCosine < 1)) {
      throw new IllegalArgumentException(
          "--redundant-cosine must be in (-1, 1), got " + redundantCosine);
    }
    positive("border-z", borderZ);
    unit("border-min-excess", borderMinExcess, true);
    positive("atypical-z", atypicalZ);
    if (!(atypicalMinRatio >= 1) || Double.isInfinite(atypicalMinRatio)) {
      throw new IllegalArgumentException(
          "--atypical-min-ratio must be a finite number >= 1, got " + atypicalMinRatio);
    }
    if (atypicalTop < 0) {
      throw new IllegalArgumentException("--atypical-top must be >= 0, got " + atypicalTop);
    }
  }

  /** The documented defaults. */
  public static FindingOptions defaults() {
    return new FindingOptions(
        DEFAULT_DEAD_TAP_FRACTION,
        DEFAULT_FLAT_SPREAD,
        DEFAULT_HF_MIN_RATIO,
        DEFAULT_HF_EARLY_FRACTION,
        DEFAULT_CONFUSED_TOP,
        DEFAULT_CONFUSED_MIN_RATE,
        DEFAULT_REDUNDANT_COSINE,
        DEFAULT_BORDER_Z,
        DEFAULT_BORDER_MIN_EXCESS,
        DEFAULT_ATYPICAL_Z,
        DEFAULT_ATYPICAL_MIN_RATIO,
        DEFAULT_ATYPICAL_TOP);
  }

  private static void unit(String name, double value, boolean zeroAllowed) {
    boolean ok = zeroAllowed ? value >= 0 && value <= 1 : value > 0 && value <= 1;
    if (!ok) {
      throw new IllegalArgumentException(
          "--" + name + " must be in " + (zeroAllowed ? "[0, 1]" : "(0, 1]") + ", got " + value);
    }
  }

  private static void positive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("--" + name + " must be > 0, got " + value);
    }
  }
}
