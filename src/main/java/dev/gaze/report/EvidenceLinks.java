package dev.gaze.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gaze.findings.AtypicalClassDetector;
import dev.gaze.findings.BorderAttentionDetector;
import dev.gaze.findings.ConfusedClassesDetector;
import dev.gaze.findings.DeadChannelsDetector;
import dev.gaze.findings.Finding;
import dev.gaze.findings.LowHighFrequencyDetector;
import dev.gaze.findings.RedundantHeadsDetector;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where in the report a finding's evidence is: the anchor of the figure that shows it (a tap's
 * dead-channel chart or spatial grid, a confused pair's side-by-side maps, else the tap's section;
 * for attention findings, the block's or the rollout's section of the attention page; for an
 * atypical class, its class page).
 */
final class EvidenceLinks {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<TapFigures> taps;
  private final List<PairFigures> pairs;
  private final Optional<AttentionFigures> attention;

  EvidenceLinks(List<TapFigures> taps, List<PairFigures> pairs) {
    this(taps, pairs, Optional.empty());
  }

  EvidenceLinks(
      List<TapFigures> taps, List<PairFigures> pairs, Optional<AttentionFigures> attention) {
    this.taps = taps;
    this.pairs = pairs;
    this.attention = attention;
  }

  /**
   * The link to the evidence of {@code finding}, if the report shows it: {@code #anchor} on the
   * page, or {@code attention.html#anchor} for attention findings.
   */
  Optional<String> href(Finding finding) {
    if (attention.isPresent()
        && (finding.kind().equals(BorderAttentionDetector.KIND)
            || finding.kind().equals(RedundantHeadsDetector.KIND))) {
      AttentionFigures a = attention.get();
      String fallback =
          finding.kind().equals(BorderAttentionDetector.KIND)
              ? (a.rollout().isPresent() && finding.head() < 0
                  ? AttentionFigures.ROLLOUT_ANCHOR
                  : AttentionFigures.BORDER_ANCHOR)
              : AttentionFigures.PROFILE_ANCHOR;
      return Optional.of(
          AttentionReport.PAGE + "#" + a.blockAnchor(finding.tap()).orElse(fallback));
    }
    if (finding.kind().equals(AtypicalClassDetector.KIND) && finding.classId() >= 0) {
      return Optional.of(ClassTable.page(finding.classId()) + "#maps");
    }
    return anchor(finding).map(a -> "#" + a);
  }

  /** The anchor of a tap's section, e.g. {@code "tap-02"}. */
  static String tapAnchor(int index) {
    return String.format(Locale.ROOT, "tap-%02d", index + 1);
  }

  /** The anchor (without '#') of the evidence of {@code finding}, if the report shows it. */
  Optional<String> anchor(Finding finding) {
    if (finding.kind().equals(ConfusedClassesDetector.KIND)) {
      return pairs.stream()
          .filter(p -> p.finding().equals(finding) && !p.panels().isEmpty())
          .map(PairFigures::anchor)
          .findFirst();
    }
    for (int i = 0; i < taps.size(); i++) {
      TapFigures t = taps.get(i);
      if (!t.rows().tap().equals(finding.tap())) {
        continue;
      }
      String tap = tapAnchor(i);
      boolean dead =
          finding.kind().equals(DeadChannelsDetector.KIND)
              && "dead".equals(field(finding, "reason"));
      if (dead && t.deadChannels().isPresent()) {
        return Optional.of(tap + "-dead");
      }
      boolean spatial =
          finding.kind().equals(LowHighFrequencyDetector.KIND)
              || finding.kind().equals(DeadChannelsDetector.KIND);
      if (spatial && t.spatialGrid().isPresent()) {
        return Optional.of(tap + "-spatial");
      }
      return Optional.of(tap);
    }
    return Optional.empty();
  }

  /** A text field of a finding's evidence, or null. */
  static String field(Finding finding, String name) {
    JsonNode node = parse(finding).get(name);
    return node == null || node.isNull() ? null : node.asText();
  }

  /** A finding's evidence as JSON; an empty object when it does not parse. */
  static JsonNode parse(Finding finding) {
    try {
      return JSON.readTree(finding.evidence());
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
