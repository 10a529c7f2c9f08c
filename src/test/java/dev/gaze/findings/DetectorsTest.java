package dev.gaze.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gaze.aggregate.ActivationStats;
import dev.gaze.aggregate.ConfusionCell;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class DetectorsTest {

  private static final List<String> CLASSES = List.of("cat", "dog", "<script>x</script>", "owl");
  private static final FindingOptions DEFAULTS = FindingOptions.defaults();

  /** One tap's rows: per class a map {@code map(k, i)}, dead channels zero, plus the (all) row. */
  private static List<ActivationStats> tap(
      String tap, int channels, int side, int[] dead, MapOf map) {
    List<ActivationStats> rows = new ArrayList<>();
    for (int k = -1; k < CLASSES.size(); k++) {
      double[] mean = new double[channels];
      double[] max = new double[channels];
      double[] zero = new double[channels];
      for (int c = 0; c < channels; c++) {
        boolean isDead = contains(dead, c);
        mean[c] = isDead ? 0 : 0.5;
        max[c] = isDead ? 0 : 2;
        zero[c] = isDead ? 1 : 0.4;
      }
      final int classId = k;
      double[] spatial = new double[side * side];
      for (int i = 0; i < spatial.length; i++) {
        spatial[i] = map.value(classId, i / side, i % side);
      }
      rows.add(
          new ActivationStats(
              k,
              k < 0 ? "(all)" : CLASSES.get(k),
              tap,
              10,
              channels,
              side,
              side,
              mean,
              new double[channels],
              max,
              zero,
              spatial));
    }
    return rows;
  }

  interface MapOf {
    double value(int classId, int y, int x);
  }

  private static boolean contains(int[] values, int v) {
    for (int x : values) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  private static double blob(int k, int y, int x) {
    double cy = 2 + k;
    double cx = 5 - k;
    return Math.exp(-((y - cy) * (y - cy) + (x - cx) * (x - cx)) / 8.0);
  }

  private static JsonNode json(Finding f) throws Exception {
    return new ObjectMapper().readTree(f.evidence());
  }

  @Test
  void tokenTapsHaveNoDeadChannels() {
    // the same channels never above 0: dead in a feature map, a signed residual-stream channel in
    // a Transformer's tokens
    List<ActivationStats> stats = new ArrayList<>();
    stats.addAll(tap("map", 8, 8, new int[] {1, 2}, DetectorsTest::blob));
    stats.addAll(tap("tokens", 8, 8, new int[] {1, 2}, DetectorsTest::blob));
    FindingInputs in =
        new FindingInputs(
            List.of("map", "tokens"), CLASSES, stats, List.of(), null, null, Set.of("tokens"));
    assertThat(new DeadChannelsDetector(DEFAULTS).detect(in))
        .extracting(Finding::tap)
        .containsExactly("map");
  }

  @Test
  void deadChannelsNameExactlyTheDeadOnesAndMostlyDeadTaps() throws Exception {
    List<ActivationStats> stats = new ArrayList<>();
    stats.addAll(tap("a", 8, 8, new int[] {1, 2, 3, 6}, DetectorsTest::blob));
    stats.addAll(tap("b", 4, 8, new int[] {0, 1, 3}, DetectorsTest::blob));
    stats.addAll(tap("c", 4, 8, new int[] {}, DetectorsTest::blob));
    FindingInputs in = FindingInputs.of(List.of("a", "b", "c"), CLASSES, stats, List.of());
    List<Finding> found = new DeadChannelsDetector(DEFAULTS).detect(in);
    assertThat(found).extracting(Finding::tap).containsExactly("a", "b");
    Finding a = found.get(0);
    assertThat(a.kind()).isEqualTo("dead_channels");
    assertThat(a.classId()).isEqualTo(-1);
    assertThat(a.head()).isEqualTo(-1);
    assertThat(a.severity()).isEqualTo(0.5);
    assertThat(a.summary()).contains("4 of 8 channels of tap a").contains("channels 1-3, 6");
    assertThat(json(a).get("dead_channels").toString()).isEqualTo("[1,2,3,6]");
    assertThat(json(a).get("mostly_dead").asBoolean()).isFalse();
    Finding b = found.get(1);
    assertThat(b.severity()).isEqualTo(0.75);
    assertThat(b.summary()).startsWith("Most of the tap is dead");
    assertThat(json(b).get("mostly_dead").asBoolean()).isTrue();
  }

  @Test
  void aTapWhoseMapsAreTheSameForEveryClassIsFlat() throws Exception {
    List<ActivationStats> stats = new ArrayList<>();
    stats.addAll(tap("same", 4, 8, new int[] {}, (k, y, x) -> blob(0, y, x)));
    stats.addAll(tap("moving", 4, 8, new int[] {}, DetectorsTest::blob));
    FindingInputs in = FindingInputs.of(List.of("same", "moving"), CLASSES, stats, List.of());
    List<Finding> found = new DeadChannelsDetector(DEFAULTS).detect(in);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).tap()).isEqualTo("same");
    assertThat(json(found.get(0)).get("reason").asText()).isEqualTo("flat");
    assertThat(found.get(0).severity()).isEqualTo(1.0);
  }

  @Test
  void lowHighFrequencyFlagsOnlySmoothEarlyTaps() throws Exception {
    IntToDoubleFunction noise = i -> ((i * 7919) % 13) / 13.0;
    List<ActivationStats> stats = new ArrayList<>();
    // a very smooth first tap, a noisy second one, a smooth last one (not early: 3 taps -> 2 early)
    stats.addAll(tap("smooth", 2, 16, new int[] {}, (k, y, x) -> 10 + 0.1 * x + k));
    stats.addAll(tap("noisy", 2, 16, new int[] {}, (k, y, x) -> noise.applyAsDouble(y * 16 + x)));
    stats.addAll(tap("late", 2, 16, new int[] {}, (k, y, x) -> 10 + 0.1 * y + k));
    FindingInputs in =
        FindingInputs.of(List.of("smooth", "noisy", "late"), CLASSES, stats, List.of());
    List<Finding> found = new LowHighFrequencyDetector(DEFAULTS).detect(in);
    assertThat(found).extracting(Finding::tap).containsExactly("smooth");
    JsonNode e = json(found.get(0));
    assertThat(e.get("ratio").asDouble()).isCloseTo(0, within(1e-9));
    assertThat(e.get("ratios").get("noisy").asDouble()).isGreaterThan(0.5);
    assertThat(e.get("early_taps").asInt()).isEqualTo(2);
    assertThat(found.get(0).severity()).isCloseTo(1, within(1e-6));
  }

  @Test
  void confusedClassesRankPairsByTheirSharedRate() throws Exception {
    List<ConfusionCell> cells =
        List.of(
            new ConfusionCell(0, 0, 80),
            new ConfusionCell(0, 1, 20),
            new ConfusionCell(1, 1, 90),
            new ConfusionCell(1, 0, 10),
            new ConfusionCell(2, 2, 95),
            new ConfusionCell(2, 3, 5),
            new ConfusionCell(3, 3, 100),
            new ConfusionCell(3, 1, 0));
    FindingInputs in = FindingInputs.of(List.of(), CLASSES, List.of(), cells);
    FindingOptions top1 = new FindingOptions(0.5, 0.01, 0.005, 0.5, 1, 0.01, 0.95, 3.5, 0.05);
    List<Finding> found = new ConfusedClassesDetector(DEFAULTS).detect(in);
    assertThat(found).hasSize(2);
    Finding first = found.get(0);
    assertThat(first.severity()).isCloseTo(30.0 / 200, within(1e-12));
    assertThat(first.classId()).isEqualTo(0); // 20% of cat as dog > 10% of dog as cat
    assertThat(json(first).get("class_a").asInt()).isEqualTo(0);
    assertThat(json(first).get("class_b").asInt()).isEqualTo(1);
    assertThat(first.summary()).contains("'cat' and 'dog'").contains("15.0%");
    assertThat(found.get(1).severity()).isCloseTo(5.0 / 200, within(1e-12));
    assertThat(new ConfusedClassesDetector(top1).detect(in)).hasSize(1);
  }

  @Test
  void redundantHeadsAboveTheCosineThresholdOnceEach() throws Exception {
    List<HeadPairRow> pairs =
        List.of(
            new HeadPairRow("blocks.0", 0, 1, 0.99),
            new HeadPairRow("blocks.0", 1, 0, 0.99),
            new HeadPairRow("blocks.0", 0, 2, 0.95),
            new HeadPairRow("blocks.1", 3, 2, 0.975),
            new HeadPairRow("blocks.1", 1, 1, 1.0));
    FindingInputs in = new FindingInputs(List.of(), CLASSES, null, null, null, pairs);
    List<Finding> found = new RedundantHeadsDetector(DEFAULTS).detect(in);
    assertThat(found).extracting(Finding::tap).containsExactly("blocks.0", "blocks.1");
    assertThat(found.get(0).head()).isZero();
    assertThat(found.get(0).severity()).isCloseTo(0.8, within(1e-9));
    assertThat(found.get(1).head()).isEqualTo(2);
    assertThat(json(found.get(1)).get("head_b").asInt()).isEqualTo(3);
    assertThat(found.get(1).severity()).isCloseTo(0.5, within(1e-9));
  }

  private static AttentionRow attention(int classId, String tap, int head, double border) {
    return new AttentionRow(
        classId,
        "class " + classId,
        tap,
        head,
        50,
        14,
        14,
        new double[196],
        3,
        0.1,
        4,
        0.2,
        border);
  }

  @Test
  void borderAttentionNamesTheOutlierClassPerHeadAndRollout() throws Exception {
    List<AttentionRow> rows = new ArrayList<>();
    double[] typical = {0.20, 0.22, 0.19, 0.21, 0.23, 0.18, 0.20, 0.21, 0.22};
    for (int k = 0; k < typical.length; k++) {
      rows.add(attention(k, "blocks.11", 0, typical[k]));
      rows.add(attention(k, "blocks.11", 1, typical[k]));
      rows.add(attention(k, "rollout", -1, typical[k]));
    }
    rows.add(attention(9, "blocks.11", 0, 0.60)); // planted in head 0 and the rollout only
    rows.add(attention(9, "blocks.11", 1, 0.215));
    rows.add(attention(9, "rollout", -1, 0.55));
    rows.add(attention(-1, "blocks.11", 0, 0.9)); // dataset-wide rows are not classes
    FindingInputs in = new FindingInputs(List.of(), List.of(), null, null, rows, null);
    List<Finding> found = new BorderAttentionDetector(DEFAULTS).detect(in);
    assertThat(found).extracting(Finding::classId).containsExactly(9, 9);
    assertThat(found).extracting(Finding::head).containsExactly(0, -1);
    Finding head0 = found.get(0);
    JsonNode e = json(head0);
    double[] all = {0.20, 0.22, 0.19, 0.21, 0.23, 0.18, 0.20, 0.21, 0.22, 0.60};
    RobustScore expected = RobustScore.of(all);
    assertThat(e.get("median").asDouble()).isCloseTo(0.21, within(1e-12));
    assertThat(e.get("robust_z").asDouble()).isCloseTo(expected.z(0.60), within(1e-9));
    assertThat(e.get("uniform_share").asDouble()).isCloseTo(52.0 / 196, within(1e-12));
    assertThat(head0.severity()).isCloseTo(1 - 3.5 / expected.z(0.60), within(1e-9));
    assertThat(head0.summary()).contains("Class 'class 9'").contains("head 0 of tap blocks.11");
    assertThat(found.get(1).summary()).contains("attention rollout");
  }

  @Test
  void borderAttentionNeedsTheMarginAsWellAsTheScore() {
    List<AttentionRow> rows = new ArrayList<>();
    double[] tight = {0.300, 0.301, 0.299, 0.300, 0.302, 0.298, 0.300, 0.301, 0.299};
    for (int k = 0; k < tight.length; k++) {
      rows.add(attention(k, "blocks.3", -1, tight[k]));
    }
    // robust z in the hundreds, but only 0.29 above the median: not reported
    rows.add(attention(9, "blocks.3", -1, 0.59));
    FindingInputs in = new FindingInputs(List.of(), List.of(), null, null, rows, null);
    assertThat(
            RobustScore.of(
                    new double[] {0.3, 0.301, 0.299, 0.3, 0.302, 0.298, 0.3, 0.301, 0.299, 0.59})
                .z(0.59))
        .isGreaterThan(100);
    assertThat(new BorderAttentionDetector(DEFAULTS).detect(in)).isEmpty();
    rows.set(rows.size() - 1, attention(9, "blocks.3", -1, 0.61));
    FindingInputs wider = new FindingInputs(List.of(), List.of(), null, null, rows, null);
    List<Finding> found = new BorderAttentionDetector(DEFAULTS).detect(wider);
    assertThat(found).extracting(Finding::classId).containsExactly(9);
    assertThat(found.get(0).summary()).contains("the head mean of tap blocks.3");
  }

  @Test
  void attentionDetectorsSayNothingWithoutAttentionTables() {
    FindingInputs cnn =
        FindingInputs.of(
            List.of("a"), CLASSES, tap("a", 2, 4, new int[] {}, DetectorsTest::blob), List.of());
    assertThat(new BorderAttentionDetector(DEFAULTS).detect(cnn)).isEmpty();
    assertThat(new RedundantHeadsDetector(DEFAULTS).detect(cnn)).isEmpty();
  }

  @Test
  void findingsAreRankedMostSevereFirst() {
    List<ActivationStats> stats =
        new ArrayList<>(tap("a", 4, 8, new int[] {0}, DetectorsTest::blob));
    List<ConfusionCell> cells =
        List.of(
            new ConfusionCell(0, 0, 50), new ConfusionCell(0, 1, 50), new ConfusionCell(1, 1, 100));
    List<Finding> found =
        Findings.detect(FindingInputs.of(List.of("a"), CLASSES, stats, cells), DEFAULTS);
    assertThat(found)
        .extracting(Finding::kind)
        .containsExactly("dead_channels", "confused_classes");
    assertThat(found.get(0).severity()).isGreaterThanOrEqualTo(found.get(1).severity());
  }

  @Test
  void badThresholdsAreRefusedWithTheirName() {
    assertThatThrownBy(() -> new FindingOptions(0.5, 0.01, 0.005, 0.5, 3, 0.01, 1.5, 3.5, 0.05))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--redundant-cosine");
    assertThatThrownBy(() -> new FindingOptions(0.5, -1, 0.005, 0.5, 3, 0.01, 0.9, 3.5, 0.05))
        .hasMessageContaining("--flat-spread");
  }
}
