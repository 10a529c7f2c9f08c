package dev.gaze.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gaze.ActivationTables;
import dev.gaze.Gaze;
import dev.gaze.TestSpark;
import dev.gaze.aggregate.ActivationStats;
import dev.gaze.aggregate.ResultRows;
import dev.gaze.config.AnalysisConfig;
import dev.gaze.e2e.TestImages.Side;
import dev.gaze.job.AnalysisResult;
import dev.gaze.source.DatasetFormat;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ImageFolder of images of other sizes and colour types than the model's, with broken files
 * mixed in: the run succeeds, every broken file is one errors row, and the per-class spatial maps
 * show where the content is.
 */
class ImageFolderAnalysisTest {

  @TempDir static Path tmp;
  static Path root;

  /** Images per (class, colour type). */
  private static final int EACH = 5;

  @BeforeAll
  static void writeDataset() throws Exception {
    root = tmp.resolve("folder");
    for (Side side : Side.values()) {
      Path dir = root.resolve(side.name().toLowerCase(java.util.Locale.ROOT));
      for (int i = 0; i < EACH; i++) {
        TestImages.write(
            dir.resolve("rgb-" + i + ".jpg"),
            TestImages.encode(
                TestImages.blob(60 + i, 40, BufferedImage.TYPE_INT_RGB, side, i), "jpg"));
        TestImages.write(
            dir.resolve("rgba-" + i + ".png"),
            TestImages.encode(
                TestImages.blob(50, 70 + i, BufferedImage.TYPE_INT_ARGB, side, i), "png"));
        TestImages.write(
            dir.resolve("grey-" + i + ".png"),
            TestImages.encode(
                TestImages.blob(100, 100, BufferedImage.TYPE_BYTE_GRAY, side, i), "png"));
        TestImages.write(
            dir.resolve("palette-" + i + ".png"),
            TestImages.encode(
                TestImages.blob(45, 45, BufferedImage.TYPE_BYTE_INDEXED, side, i), "png"));
        TestImages.write(
            dir.resolve("grey16-" + i + ".png"),
            TestImages.encode(TestImages.blob16(33, 31, side, i), "png"));
      }
    }
    byte[] jpeg =
        TestImages.encode(TestImages.blob(64, 64, BufferedImage.TYPE_INT_RGB, Side.LEFT, 0), "jpg");
    TestImages.write(root.resolve("left/truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
    TestImages.write(root.resolve("left/not-really.jpg"), "<html>oops</html>".getBytes());
    TestImages.write(root.resolve("right/empty.png"), new byte[0]);
    TestImages.write(root.resolve("right/notes.txt"), "not an image".getBytes());
    TestImages.write(
        root.resolve("right/too-big.png"),
        TestImages.encode(
            TestImages.blob(1200, 1000, BufferedImage.TYPE_BYTE_GRAY, Side.RIGHT, 0), "png"));
  }

  private static AnalysisResult analyze(String name, int partitions, int batchSize) {
    return Gaze.analyze(
        TestSpark.session(),
        AnalysisConfig.builder(root.toString())
            .format(DatasetFormat.IMAGEFOLDER)
            .partitions(partitions)
            .batchSize(batchSize)
            .maxPixels(1_000_000)
            .out(tmp.resolve(name).toString())
            .build());
  }

  @Test
  void brokenFilesBecomeErrorRowsAndMapsShowWhereTheContentIs() throws Exception {
    AnalysisResult result = analyze("run", 3, 8);
    int good = 2 * 5 * EACH;
    assertThat(result.summary().imagesAnalyzed()).isEqualTo(good);
    assertThat(result.summary().imagesFailed()).isEqualTo(5);
    assertThat(result.summary().imagesSeen()).isEqualTo(good + 5);

    Map<String, String> errors =
        result.errors().collectAsList().stream()
            .collect(
                Collectors.toMap(
                    r -> Path.of(r.getString(1)).getFileName().toString(), r -> r.getString(2)));
    assertThat(errors.keySet())
        .containsExactlyInAnyOrder(
            "truncated.jpg", "not-really.jpg", "empty.png", "notes.txt", "too-big.png");
    assertThat(errors.get("truncated.jpg")).containsIgnoringCase("JPEG");
    assertThat(errors.get("not-really.jpg")).contains("not a JPEG or PNG");
    assertThat(errors.get("empty.png")).contains("empty");
    assertThat(errors.get("notes.txt")).contains("not an image file");
    assertThat(errors.get("too-big.png")).contains("1200x1000").contains("1000000");

    List<ActivationStats> stats = ResultRows.activationStats(result.activationStats());
    for (ActivationStats s : stats) {
      if (s.isDatasetWide() || !s.tap().equals("stem")) {
        continue;
      }
      double left = 0;
      double right = 0;
      for (int y = 0; y < s.height(); y++) {
        for (int x = 0; x < s.width(); x++) {
          double v = s.spatialMean()[y * s.width() + x];
          if (x < s.width() / 2) {
            left += v;
          } else {
            right += v;
          }
        }
      }
      if (s.className().equals("left")) {
        assertThat(left).as("left class, left half vs right half").isGreaterThan(1.2 * right);
      } else {
        assertThat(right).as("right class, right half vs left half").isGreaterThan(1.2 * left);
      }
    }
    assertThat(tmp.resolve("run/run.json")).exists();
  }

  @Test
  void oneAndEightPartitionsGiveTheSameStatistics() {
    List<Row> one = analyze("p1", 1, 7).activationStats().collectAsList();
    List<Row> eight = analyze("p8", 8, 3).activationStats().collectAsList();
    ActivationTables.assertSame(one, eight, 1e-5, 1e-3);
  }

  @Test
  void outputLeavesNoStagingBehind() throws Exception {
    analyze("clean", 2, 16);
    try (var entries = Files.list(tmp)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.contains("staging"));
    }
  }
}
