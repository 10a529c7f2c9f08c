package dev.gaze.cli;

import dev.gaze.findings.FindingOptions;
import picocli.CommandLine.Option;

/** The thresholds of the findings, shared by {@code analyze}, {@code render} and {@code demo}. */
final class FindingThresholds {

  @Option(
      names = "--dead-tap-fraction",
      defaultValue = "" + FindingOptions.DEFAULT_DEAD_TAP_FRACTION,
      paramLabel = "F",
      description =
          "dead_channels: a tap is mostly dead above this share of dead channels"
              + " (default: ${DEFAULT-VALUE}).")
  double deadTapFraction;

  @Option(
      names = "--flat-spread",
      defaultValue = "" + FindingOptions.DEFAULT_FLAT_SPREAD,
      paramLabel = "F",
      description =
          "dead_channels: a tap is flat across classes when its per-class maps differ"
              + " by less than this share of their size (default: ${DEFAULT-VALUE}).")
  double flatSpread;

  @Option(
      names = "--hf-min-ratio",
      defaultValue = "" + FindingOptions.DEFAULT_HF_MIN_RATIO,
      paramLabel = "R",
      description =
          "low_high_frequency: report an early tap whose Laplacian energy ratio"
              + " (white noise = 1) is below this (default: ${DEFAULT-VALUE}).")
  double hfMinRatio;

  @Option(
      names = "--hf-early-fraction",
      defaultValue = "" + FindingOptions.DEFAULT_HF_EARLY_FRACTION,
      paramLabel = "F",
      description =
          "low_high_frequency: the first ceil(F * taps) taps with maps are early"
              + " (default: ${DEFAULT-VALUE}).")
  double hfEarlyFraction;

  @Option(
      names = "--confused-top",
      defaultValue = "" + FindingOptions.DEFAULT_CONFUSED_TOP,
      paramLabel = "N",
      description = "confused_classes: report at most N class pairs (default: ${DEFAULT-VALUE}).")
  int confusedTop;

  @Option(
      names = "--confused-min-rate",
      defaultValue = "" + FindingOptions.DEFAULT_CONFUSED_MIN_RATE,
      paramLabel = "F",
      description =
          "confused_classes: only pairs with at least this share of their images"
              + " predicted as the other (default: ${DEFAULT-VALUE}).")
  double confusedMinRate;

  @Option(
      names = "--redundant-cosine",
      defaultValue = "" + FindingOptions.DEFAULT_REDUNDANT_COSINE,
      paramLabel = "C",
      description =
          "redundant_heads: head pairs whose class-token maps have a cosine above C"
              + " (default: ${DEFAULT-VALUE}).")
  double redundantCosine;

  @Option(
      names = "--border-z",
      defaultValue = "" + FindingOptions.DEFAULT_BORDER_Z,
      paramLabel = "Z",
      description =
          "border_attention: robust z-score (median/MAD over classes) above which a"
              + " class's border share is reported (default: ${DEFAULT-VALUE}).")
  double borderZ;

  @Option(
      names = "--border-min-excess",
      defaultValue = "" + FindingOptions.DEFAULT_BORDER_MIN_EXCESS,
      paramLabel = "F",
      description =
          "border_attention: ... and at least this much above the median share, as a"
              + " fraction of the attention (default: ${DEFAULT-VALUE}).")
  double borderMinExcess;

  @Option(
      names = "--atypical-z",
      defaultValue = "" + FindingOptions.DEFAULT_ATYPICAL_Z,
      paramLabel = "Z",
      description =
          "atypical_class: robust z-score (median/MAD over classes) above which a class's"
              + " distance from the other classes' mean map or channel profile is reported"
              + " (default: ${DEFAULT-VALUE}).")
  double atypicalZ;

  @Option(
      names = "--atypical-min-ratio",
      defaultValue = "" + FindingOptions.DEFAULT_ATYPICAL_MIN_RATIO,
      paramLabel = "R",
      description =
          "atypical_class: ... and at least R times the median distance over classes"
              + " (default: ${DEFAULT-VALUE}).")
  double atypicalMinRatio;

  @Option(
      names = "--atypical-top",
      defaultValue = "" + FindingOptions.DEFAULT_ATYPICAL_TOP,
      paramLabel = "N",
      description =
          "atypical_class: report at most N classes, the highest scores first"
              + " (default: ${DEFAULT-VALUE}).")
  int atypicalTop;

  /**
   * The validated thresholds.
   *
   * @throws IllegalArgumentException naming a threshold out of range
   */
  FindingOptions toOptions() {
    return new FindingOptions(
        deadTapFraction,
        flatSpread,
        hfMinRatio,
        hfEarlyFraction,
        confusedTop,
        confusedMinRate,
        redundantCosine,
        borderZ,
        borderMinExcess,
        atypicalZ,
        atypicalMinRatio,
        atypicalTop);
  }
}
