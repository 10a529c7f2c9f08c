package dev.gaze.report;

import dev.gaze.findings.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Plain-text pieces of a finding shared by the HTML page and the PDF. */
final class FindingText {

  private FindingText() {}

  /** Where a finding is, e.g. {@code "tap stage1, class 'Shirt', head 3"}; empty if nowhere. */
  static Optional<String> where(Finding f, List<String> classNames) {
    List<String> parts = new ArrayList<>();
    if (!f.tap().isEmpty()) {
      parts.add("tap " + f.tap());
    }
    if (f.classId() >= 0) {
      String name =
          f.classId() < classNames.size() ? classNames.get(f.classId()) : "#" + f.classId();
      parts.add("class '" + name + "'");
    }
    if (f.head() >= 0) {
      parts.add("head " + f.head());
    }
    return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", parts));
  }
}
