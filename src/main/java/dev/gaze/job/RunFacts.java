package dev.gaze.job;

import java.util.List;

/**
 * What a run analysed, beside its tables and counts: enough to title and order a report without
 * going back to the configuration.
 *
 * @param dataset the dataset path or pattern, as given
 * @param model the model's name
 * @param taps the analysed taps, in forward order
 * @param classNames the class names, index = class id (empty when the dataset names none)
 */
public record RunFacts(String dataset, String model, List<String> taps, List<String> classNames) {

  /** Copies the lists. */
  public RunFacts {
    taps = List.copyOf(taps);
    classNames = List.copyOf(classNames);
  }
}
