package dev.gaze.findings;

import java.util.List;

/**
 * One kind of finding. A detector reads only the tables it needs from {@link FindingInputs} and
 * returns nothing when they are empty (for example the attention detectors on a CNN).
 */
public interface Detector {

  /** The kind of the findings this detector returns, e.g. {@code "dead_channels"}. */
  String kind();

  /** The findings in {@code inputs}, in any order; empty when there is nothing to say. */
  List<Finding> detect(FindingInputs inputs);
}
