package dev.gaze.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gaze.aggregate.ActivationStats;
import dev.gaze.aggregate.AttentionAggregation;
import dev.gaze.aggregate.AttentionRows;
import dev.gaze.aggregate.ConfusionCell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An attention model's class pages: per block the class's head maps, its rollout, and its border
 * share and entropy per block; the attention page's border ranking links the class pages; the
 * index's class table has the attention columns.
 */
class AttentionClassPagesTest {

  private static final List<String> CLASSES = List.of("cat", "dog", "owl", "eel");
  private static final int HEADS = 2;
  private static final int GRID = 4;

  @TempDir Path dir;

  @Test
  void classPagesShowTheirAttentionAndTheRankingLinksThem() throws IOException {
    List<AttentionRows.Stats> stats = new ArrayList<>();
    List<AttentionRows.Rollout> rollout = new ArrayList<>();
    List<AttentionRows.ClassImage> images = new ArrayList<>();
    for (int k = -1; k < CLASSES.size(); k++) {
      String name = k < 0 ? "(all)" : CLASSES.get(k);
      for (String tap : List.of("block0", "block1")) {
        for (int h = -1; h < HEADS; h++) {
          int head = h < 0 ? AttentionAggregation.HEAD_MEAN : h;
          double[] map = new double[GRID * GRID];
          map[(k + 1 + h + 1) % map.length] = 1;
          double border = 0.1 * (k + 2);
          stats.add(
              new AttentionRows.Stats(
                  k, name, tap, head, 10, GRID, GRID, map, 1.5 + k, 0.1, 2, 0.2, border));
        }
      }
      if (k >= 0) {
        double[] r = new double[GRID * GRID];
        r[k] = 1;
        rollout.add(new AttentionRows.Rollout(k, name, 10, GRID, GRID, r));
        images.add(new AttentionRows.ClassImage(k, name, 10, 8, 8, new double[64]));
      }
    }
    AttentionInputs attention = new AttentionInputs(stats, rollout, List.of(), images);
    List<ActivationStats> rows =
        Synthetic.tap("block1", CLASSES, 8, GRID, GRID, 10, (k, y, x) -> k + y, new int[] {}, 1);
    List<ConfusionCell> confusion = Synthetic.confusion(new long[] {8, 9, 10, 7}, 1);
    ReportContext ctx =
        new ReportContext("vit", "/d", "m", 40, 40, 0, CLASSES, List.of("block0", "block1"));
    ReportRenderer.render(dir, ctx, rows, confusion, List.of(), false, attention);

    String owl = Files.readString(dir.resolve("classes/class-00002.html"), StandardCharsets.UTF_8);
    assertThat(owl)
        .contains("id=\"attention\"")
        .contains("class-00002-tap-01-block0-attention.png")
        .contains("class-00002-tap-02-block1-attention.png")
        .contains("class-00002-rollout.png")
        // border 0.1 * (2 + 2) in both blocks, entropy 1.5 + 2
        .contains("<td class=\"num\">0.400</td><td class=\"num\">3.500</td>")
        .contains("Border share</th><td>0.400");
    Matcher m = Pattern.compile("src=\"([^\"]+)\"").matcher(owl);
    int figures = 0;
    while (m.find()) {
      assertThat(dir.resolve("classes").resolve(m.group(1))).exists();
      figures++;
    }
    assertThat(figures).isEqualTo(5); // maps, confused, two blocks, rollout

    String page = Files.readString(dir.resolve(AttentionReport.PAGE), StandardCharsets.UTF_8);
    for (int k = 0; k < CLASSES.size(); k++) {
      assertThat(page).contains(String.format("href=\"classes/class-%05d.html\"", k));
    }
    String index = Files.readString(dir.resolve("index.html"), StandardCharsets.UTF_8);
    assertThat(index).contains("<th>Border share</th><th>Entropy</th>").doesNotContain("<script");
  }
}
