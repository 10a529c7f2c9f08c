package dev.gaze.report;

import java.util.List;
import java.util.Objects;

/**
 * What the report says about the run, beside the tables: its title, inputs and image counts.
 *
 * @param title the report's heading
 * @param dataset where the images came from (a path or URI, shown as given)
 * @param model the model's name or path
 * @param imagesSeen images read from the dataset
 * @param imagesAnalyzed images that went through the model
 * @param imagesFailed images that could not be analysed (see the errors table)
 * @param classNames the class names, index = class id
 * @param taps the tap names in the model's order; the report follows it
 */
public record ReportContext(
    String title,
    String dataset,
    String model,
    long imagesSeen,
    long imagesAnalyzed,
    long imagesFailed,
    List<String> classNames,
    List<String> taps) {

  /**
   * Checks and copies the arguments.
   *
   * @throws IllegalArgumentException if a string or list is null, holds null, or a count is
   *     negative
   */
  public ReportContext {
    require(title, "title");
    require(dataset, "dataset");
    require(model, "model");
    if (imagesSeen < 0 || imagesAnalyzed < 0 || imagesFailed < 0) {
      throw new IllegalArgumentException(
          String.format(
              "image counts must be >= 0, got seen=%d analyzed=%d failed=%d",
              imagesSeen, imagesAnalyzed, imagesFailed));
    }
    classNames = copy(classNames, "classNames");
    taps = copy(taps, "taps");
  }

  private static void require(String value, String name) {
    if (value == null) {
      throw new IllegalArgumentException("report " + name + " must not be null");
    }
  }

  private static List<String> copy(List<String> values, String name) {
    if (values == null || values.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException(
          "report " + name + " must be a list without nulls, got " + values);
    }
    return List.copyOf(values);
  }
}
