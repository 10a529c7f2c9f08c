package dev.gaze.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gaze.aggregate.ActivationStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AtypicalClassDetectorTest {

  private static final int CLASSES = 12;
  private static final int SIDE = 8;
  private static final int CHANNELS = 32;
  private static final List<String> TAPS = List.of("early", "late");

  /**
   * Rows of two taps for {@link #CLASSES} classes: every class's map is a centred blob and its
   * profile a common ramp, each with 5% noise; {@code mapOutlier} gets its blob in a corner at tap
   * "early", {@code profileOutlier} a different profile at tap "late" (-1: none).
   */
  private static List<ActivationStats> rows(int mapOutlier, int profileOutlier, long seed) {
    Random random = new Random(seed);
    List<ActivationStats> rows = new ArrayList<>();
    for (String tap : TAPS) {
      for (int k = 0; k < CLASSES; k++) {
        double[] map = new double[SIDE * SIDE];
        for (int i = 0; i < map.length; i++) {
          boolean corner = tap.equals("early") && k == mapOutlier;
          double cy = corner ? 0 : 3.5;
          double cx = corner ? 0 : 3.5;
          double y = i / SIDE;
          double x = i % SIDE;
          map[i] =
              Math.exp(-((y - cy) * (y - cy) + (x - cx) * (x - cx)) / 6)
                  + 0.05 * random.nextGaussian();
        }
        double[] profile = new double[CHANNELS];
        for (int c = 0; c < CHANNELS; c++) {
          boolean odd = tap.equals("late") && k == profileOutlier;
          profile[c] = (odd ? 1.0 - c / (double) CHANNELS : c / (double) CHANNELS) + 0.5;
          profile[c] *= 1 + 0.05 * random.nextGaussian();
        }
        rows.add(row(k, tap, map, profile));
      }
      rows.add(row(-1, tap, new double[SIDE * SIDE], new double[CHANNELS]));
    }
    return rows;
  }

  private static ActivationStats row(int k, String tap, double[] map, double[] profile) {
    return new ActivationStats(
        k,
        k < 0 ? "(all)" : "class-" + k,
        tap,
        20,
        CHANNELS,
        SIDE,
        SIDE,
        profile,
        new double[CHANNELS],
        new double[CHANNELS],
        new double[CHANNELS],
        map);
  }

  private static List<Finding> detect(List<ActivationStats> rows, FindingOptions options) {
    return new AtypicalClassDetector(options)
        .detect(new FindingInputs(TAPS, List.of(), rows, List.of(), List.of(), List.of()));
  }

  @Test
  void namesThePlantedMapOutlierAtItsTapWithTheEvidence() throws Exception {
    List<Finding> found = detect(rows(7, -1, 1), FindingOptions.defaults());
    assertThat(found).hasSize(1);
    Finding f = found.get(0);
    assertThat(f.kind()).isEqualTo(AtypicalClassDetector.KIND);
    assertThat(f.classId()).isEqualTo(7);
    assertThat(f.tap()).isEqualTo("early");
    assertThat(f.head()).isEqualTo(Finding.NO_HEAD);
    assertThat(f.severity()).isBetween(0.0, 1.0);
    JsonNode evidence = new ObjectMapper().readTree(f.evidence());
    assertThat(evidence.path("measure").asText()).isEqualTo(AtypicalClassDetector.MAP);
    assertThat(evidence.path("class_name").asText()).isEqualTo("class-7");
    assertThat(evidence.path("robust_z").asDouble()).isGreaterThan(3.5);
    assertThat(evidence.path("distance").asDouble())
        .isGreaterThan(2 * evidence.path("median").asDouble());
    assertThat(evidence.path("passed").has("early/map")).isTrue();
    assertThat(f.summary()).contains("class-7").contains("early").contains("mean spatial map");
  }

  @Test
  void namesThePlantedProfileOutlier() throws Exception {
    List<Finding> found = detect(rows(-1, 4, 2), FindingOptions.defaults());
    assertThat(found).extracting(Finding::classId).containsExactly(4);
    assertThat(found.get(0).tap()).isEqualTo("late");
    assertThat(new ObjectMapper().readTree(found.get(0).evidence()).path("measure").asText())
        .isEqualTo(AtypicalClassDetector.PROFILE);
  }

  @Test
  void noFindingWhenNoClassStandsOut() {
    for (long seed = 1; seed <= 5; seed++) {
      assertThat(detect(rows(-1, -1, seed), FindingOptions.defaults()))
          .as("seed " + seed)
          .isEmpty();
    }
  }

  @Test
  void theMinimumRatioHoldsBackAClassThatIsOnlySomewhatFarther() {
    FindingOptions strict =
        new FindingOptions(0.5, 0.01, 0.005, 0.5, 3, 0.01, 0.95, 3.5, 0.3, 3.5, 1000, 10);
    assertThat(detect(rows(7, -1, 1), strict)).isEmpty();
    assertThatThrownBy(
            () -> new FindingOptions(0.5, 0.01, 0.005, 0.5, 3, 0.01, 0.95, 3.5, 0.3, 3.5, 0.5, 10))
        .hasMessageContaining("--atypical-min-ratio");
    assertThatThrownBy(
            () -> new FindingOptions(0.5, 0.01, 0.005, 0.5, 3, 0.01, 0.95, 3.5, 0.3, 0, 2, 10))
        .hasMessageContaining("--atypical-z");
    // a cap of 0 reports nothing, however atypical
    FindingOptions none =
        new FindingOptions(0.5, 0.01, 0.005, 0.5, 3, 0.01, 0.95, 3.5, 0.3, 3.5, 2, 0);
    assertThat(detect(rows(7, -1, 1), none)).isEmpty();
  }

  @Test
  void atMostTheTopClassesAreReportedMostSevereFirst() throws Exception {
    // two planted classes: 7 (map, at "early") and 4 (profile, at "late")
    List<Finding> both = detect(rows(7, 4, 5), FindingOptions.defaults());
    assertThat(both).extracting(Finding::classId).containsExactlyInAnyOrder(7, 4);
    FindingOptions one =
        new FindingOptions(0.5, 0.01, 0.005, 0.5, 3, 0.01, 0.95, 3.5, 0.3, 3.5, 2, 1);
    List<Finding> top = detect(rows(7, 4, 5), one);
    assertThat(top).hasSize(1);
    assertThat(top.get(0).severity())
        .isEqualTo(both.stream().mapToDouble(Finding::severity).max().orElseThrow());
  }

  @Test
  void fewerThanFiveClassesGiveNoScore() {
    List<ActivationStats> four = rows(1, -1, 3).stream().filter(r -> r.classId() < 4).toList();
    assertThat(AtypicalClassDetector.scores(four, TAPS)).isEmpty();
  }

  @Test
  void scoresMatchAStraightforwardComputation() {
    List<ActivationStats> rows = rows(7, 4, 9);
    List<AtypicalClassDetector.Score> scores = AtypicalClassDetector.scores(rows, TAPS);
    assertThat(scores).hasSize(2 * 2 * CLASSES);
    for (AtypicalClassDetector.Score s : scores) {
      List<double[]> vectors = new ArrayList<>();
      for (ActivationStats r : rows) {
        if (r.tap().equals(s.tap()) && r.classId() >= 0) {
          vectors.add(s.measure().equals("map") ? r.spatialMean() : r.channelMean());
        }
      }
      double[] d = new double[vectors.size()];
      for (int k = 0; k < vectors.size(); k++) {
        d[k] = naiveDistance(vectors, k);
      }
      double median = naiveMedian(d);
      double[] dev = new double[d.length];
      for (int k = 0; k < d.length; k++) {
        dev[k] = Math.abs(d[k] - median);
      }
      double mad = naiveMedian(dev);
      double expected = naiveDistance(vectors, s.classId());
      assertThat(s.distance()).isCloseTo(expected, within(1e-12));
      assertThat(s.median()).isCloseTo(median, within(1e-12));
      assertThat(s.mad()).isCloseTo(mad, within(1e-12));
      assertThat(s.z()).isCloseTo((expected - median) / (1.4826 * mad), within(1e-9));
    }
    Map<Integer, AtypicalClassDetector.Score> best = AtypicalClassDetector.highest(scores);
    assertThat(best.get(7).tap()).isEqualTo("early");
    assertThat(best.get(7).measure()).isEqualTo("map");
    assertThat(best.get(4).measure()).isEqualTo("profile");
  }

  /** ||x_k - mean of the others|| / sqrt(mean over all of ||x_j||^2), term by term. */
  private static double naiveDistance(List<double[]> vectors, int k) {
    int dim = vectors.get(0).length;
    double d2 = 0;
    for (int i = 0; i < dim; i++) {
      double others = 0;
      for (int j = 0; j < vectors.size(); j++) {
        if (j != k) {
          others += vectors.get(j)[i];
        }
      }
      others /= vectors.size() - 1;
      d2 += Math.pow(vectors.get(k)[i] - others, 2);
    }
    double norms = 0;
    for (double[] v : vectors) {
      for (double x : v) {
        norms += x * x;
      }
    }
    return Math.sqrt(d2) / Math.sqrt(norms / vectors.size());
  }

  private static double naiveMedian(double[] values) {
    List<Double> sorted = new ArrayList<>();
    for (double v : values) {
      sorted.add(v);
    }
    sorted.sort(Double::compare);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : 0.5 * (sorted.get(n / 2 - 1) + sorted.get(n / 2));
  }
}
