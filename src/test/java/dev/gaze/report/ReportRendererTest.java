package dev.gaze.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gaze.aggregate.ActivationStats;
import dev.gaze.aggregate.ConfusionCell;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportRendererTest {

  private static final String EVIL = "<script>alert(1)</script> & \"quotes\"";
  private static final List<String> CLASSES = List.of("top-left", "bottom-right", EVIL);
  private static final String TAP = "layer1";
  private static final String ODD_TAP = "blocks/<2> \"attn\"";
  private static final int SIZE = 8;
  private static final int[] DEAD = {2, 5};

  @TempDir Path dir;

  private List<ActivationStats> stats;
  private List<ConfusionCell> confusion;
  private ReportContext ctx;
  private List<Path> written;

  @BeforeEach
  void render() throws IOException {
    stats = new ArrayList<>();
    // class 0 peaks (1.0) in the top-left corner, class 1 peaks (2.0) in the bottom-right one;
    // both are 0.5 at (3, 4), so one colour scale must give that cell one colour in both panels.
    stats.addAll(Synthetic.tap(TAP, CLASSES, 8, SIZE, SIZE, 10, ReportRendererTest::map, DEAD, 1));
    stats.addAll(
        Synthetic.tap(ODD_TAP, CLASSES, 16, 4, 4, 10, (k, y, x) -> k + y, new int[] {}, 2));
    confusion =
        List.of(
            new ConfusionCell(0, 0, 9),
            new ConfusionCell(0, 1, 1),
            new ConfusionCell(1, 1, 6),
            new ConfusionCell(1, 2, 4),
            new ConfusionCell(2, 0, 3),
            new ConfusionCell(2, 2, 7));
    ctx =
        new ReportContext(
            "Report <b>title</b>",
            "/data/a&b/<imgs>",
            "model \"x\" <y>",
            31,
            30,
            1,
            CLASSES,
            List.of(ODD_TAP, TAP));
    written = ReportRenderer.render(dir, ctx, stats, confusion);
  }

  private static double map(int classId, int y, int x) {
    if (y == 3 && x == 4) {
      return 0.5;
    }
    return switch (classId) {
      case 0 -> Synthetic.blob(y, x, 0, 0, 1.5);
      case 1 -> 2 * Synthetic.blob(y, x, SIZE - 1, SIZE - 1, 1.5);
      default -> 0.3;
    };
  }

  @Test
  void writesDecodablePngsForEveryTapThenThePage() throws IOException {
    assertThat(written.stream().filter(p -> p.getParent().equals(dir)))
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "tap-01-blocks_2_attn_-spatial.png",
            "tap-01-blocks_2_attn_-channels.png",
            "tap-01-blocks_2_attn_-dead.png",
            "tap-02-layer1-spatial.png",
            "tap-02-layer1-channels.png",
            "tap-02-layer1-dead.png",
            "confusion.png",
            "confusion.html",
            "index.html");
    // then, under classes/, a page per class and its figures
    assertThat(written.stream().filter(p -> !p.getParent().equals(dir)))
        .allMatch(p -> p.getParent().equals(dir.resolve(ClassPages.DIR)))
        .extracting(p -> p.getFileName().toString())
        .contains("class-00000.html", "class-00001.html", "class-00002.html")
        .contains("class-00000-maps.png", "class-00002-confused.png");
    for (Path p : written) {
      assertThat(p).exists();
      if (p.toString().endsWith(".png")) {
        BufferedImage image = ImageIO.read(p.toFile());
        assertThat(image).as(p.toString()).isNotNull();
        assertThat(image.getWidth()).isGreaterThan(200);
        assertThat(image.getRGB(0, 0) & 0xFFFFFF).as("white background").isEqualTo(0xFFFFFF);
      }
    }
  }

  @Test
  void eachPanelShowsItsClassOnOneSharedScale() throws IOException {
    SpatialGridChart chart = new SpatialGridChart(tap(TAP), Colormap.viridis());
    BufferedImage image = read("tap-02-layer1-spatial.png");
    assertThat(chart.scale() * SIZE).isGreaterThanOrEqualTo(96);

    Rectangle p0 = chart.panel(0);
    Rectangle p1 = chart.panel(1);
    int[] brightest0 = brightest(image, p0);
    int[] brightest1 = brightest(image, p1);
    assertThat(brightest0[0]).isLessThan(p0.x + p0.width / 2);
    assertThat(brightest0[1]).isLessThan(p0.y + p0.height / 2);
    assertThat(brightest1[0]).isGreaterThanOrEqualTo(p1.x + p1.width / 2);
    assertThat(brightest1[1]).isGreaterThanOrEqualTo(p1.y + p1.height / 2);
    // class 1's peak (2.0) is the top of the shared scale, class 0's (1.0) is not
    assertThat(brightest1[2]).isEqualTo(Colormap.viridis().entry(255));
    assertThat(brightest0[2]).isNotEqualTo(Colormap.viridis().entry(255));

    int s = chart.scale();
    int same0 = rgb(image, p0.x + 4 * s + s / 2, p0.y + 3 * s + s / 2);
    int same1 = rgb(image, p1.x + 4 * s + s / 2, p1.y + 3 * s + s / 2);
    assertThat(same0).isEqualTo(same1).isEqualTo(chart.rgb(0.5));
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (ActivationStats row : tap(TAP).classRows()) {
      for (double v : row.spatialMean()) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    assertThat(same0).isEqualTo(Colormap.viridis().rgb(0.5, lo, hi));
  }

  @Test
  void channelHeatmapCellsFollowTheChannelMeans() throws IOException {
    TapRows tap = tap(TAP);
    ChannelHeatmapChart chart = new ChannelHeatmapChart(tap, Colormap.viridis());
    BufferedImage image = read("tap-02-layer1-channels.png");
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 8; c++) {
        Rectangle cell = chart.cell(r, c);
        assertThat(rgb(image, cell.x + cell.width / 2, cell.y + cell.height / 2))
            .as("class %d channel %d", r, c)
            .isEqualTo(chart.rgb(tap.classRows().get(r).channelMean()[c]));
      }
    }
    // the dead channels have the lowest mean, so the darkest colour
    assertThat(rgb(image, chart.cell(0, 2).x + 1, chart.cell(0, 2).y + 1))
        .isEqualTo(Colormap.viridis().entry(0));
  }

  @Test
  void deadChannelsAreHighlighted() throws IOException {
    DeadChannelChart chart = new DeadChannelChart(tap(TAP));
    BufferedImage image = read("tap-02-layer1-dead.png");
    for (int c = 0; c < 8; c++) {
      Rectangle bar = chart.bar(c);
      boolean dead = c == DEAD[0] || c == DEAD[1];
      assertThat(rgb(image, bar.x + bar.width / 2, bar.y + bar.height / 2))
          .as("channel %d", c)
          .isEqualTo(dead ? DeadChannelChart.DEAD_RGB : DeadChannelChart.ALIVE_RGB);
      double zero = tap(TAP).datasetWide().orElseThrow().channelZeroFraction()[c];
      assertThat(bar.height).isEqualTo((int) Math.round(zero * 180));
    }
  }

  @Test
  void confusionCellColoursAreOrderedByTheirRowShare() throws IOException {
    ConfusionMatrix matrix = ConfusionMatrix.of(confusion, 3);
    ConfusionMatrixChart chart = new ConfusionMatrixChart(matrix, CLASSES, Colormap.viridis());
    BufferedImage image = read("confusion.png");
    List<double[]> cells = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        Rectangle cell = chart.cell(r, c);
        // a corner, away from the number written in the middle
        int colour = rgb(image, cell.x + 2, cell.y + 2);
        cells.add(new double[] {matrix.fraction(r, c), ColormapTest.luminance(colour)});
        assertThat(colour).isEqualTo(Colormap.viridis().rgb(matrix.fraction(r, c), 0, 1));
      }
    }
    for (double[] a : cells) {
      for (double[] b : cells) {
        if (a[0] > b[0]) {
          assertThat(a[1]).isGreaterThan(b[1]);
        }
      }
    }
    assertThat(matrix.accuracy()).isEqualTo(22.0 / 30);
  }

  @Test
  void pageEscapesEverythingFromTheDataAndLinksOnlyToWrittenFiles() throws IOException {
    String html = Files.readString(dir.resolve("index.html"), StandardCharsets.UTF_8);
    assertThat(html)
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;")
        .doesNotContain("<script")
        .doesNotContain("alert(1)</script>")
        .contains("blocks/&lt;2&gt; &quot;attn&quot;")
        .doesNotContain("<2>")
        .contains("Report &lt;b&gt;title&lt;/b&gt;")
        .doesNotContain("<b>")
        .contains("/data/a&amp;b/&lt;imgs&gt;")
        .contains("model &quot;x&quot; &lt;y&gt;")
        .contains("30 analysed")
        .contains("73.3%")
        .doesNotContain("http:")
        .doesNotContain("https:")
        .doesNotContain("<link")
        .doesNotContain("<script");

    Matcher m = Pattern.compile("(src|href)=\"([^\"]*)\"").matcher(html);
    List<String> images = new ArrayList<>();
    while (m.find()) {
      String target = m.group(2);
      if (target.startsWith("#")) {
        assertThat(html).contains("id=\"" + target.substring(1) + "\"");
        continue;
      }
      // a file of the report folder or of one of its folders (classes/), maybe with an anchor
      assertThat(target).matches("([a-z]+/)?[A-Za-z0-9._-]+(#[A-Za-z0-9_-]+)?");
      assertThat(dir.resolve(target.replaceFirst("#.*", ""))).as(target).exists();
      if (m.group(1).equals("src")) {
        images.add(target);
      }
    }
    assertThat(images).hasSize(7);
  }

  @Test
  void outputIsDeterministic(@TempDir Path other) throws IOException {
    List<Path> again = ReportRenderer.render(other, ctx, stats, confusion);
    assertThat(again).hasSameSizeAs(written);
    for (int i = 0; i < written.size(); i++) {
      assertThat(Files.readAllBytes(again.get(i)))
          .as(again.get(i).getFileName().toString())
          .isEqualTo(Files.readAllBytes(written.get(i)));
    }
  }

  @Test
  void tapsWithoutSpaceOrDatasetRowGetNotesInsteadOfFigures(@TempDir Path other)
      throws IOException {
    List<ActivationStats> rows =
        new ArrayList<>(Synthetic.tap("fc", CLASSES, 10, 0, 0, 4, (k, y, x) -> 0, new int[] {}, 3));
    rows.removeIf(ActivationStats::isDatasetWide);
    List<Path> files = ReportRenderer.render(other, ctx, rows, List.of());
    assertThat(files.stream().filter(p -> p.getParent().equals(other)))
        .extracting(p -> p.getFileName().toString())
        .containsExactly("tap-01-fc-channels.png", "index.html");
    String html = Files.readString(other.resolve("index.html"));
    assertThat(html).contains("No spatial map").contains("No dead-channel chart").contains("n/a");
    assertThat(html).doesNotContain("id=\"confusion\"");
  }

  @Test
  void rejectsInconsistentRowsWithOneClearLine() {
    ActivationStats bad =
        new ActivationStats(
            0,
            "a",
            "t",
            1,
            3,
            1,
            1,
            new double[3],
            new double[3],
            new double[2],
            new double[3],
            new double[1]);
    assertThatThrownBy(() -> ReportRenderer.render(dir, ctx, List.of(bad), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("activation_stats row (tap 't', class 0): channelMax has 2 values, expected 3");
  }

  private TapRows tap(String name) {
    return TapRows.group(stats, ctx.taps()).stream()
        .filter(t -> t.tap().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private BufferedImage read(String name) throws IOException {
    return ImageIO.read(dir.resolve(name).toFile());
  }

  private static int rgb(BufferedImage image, int x, int y) {
    return image.getRGB(x, y) & 0xFFFFFF;
  }

  /** The x, y and colour of the brightest pixel inside {@code r} (first one in scan order). */
  private static int[] brightest(BufferedImage image, Rectangle r) {
    int[] best = {r.x, r.y, rgb(image, r.x, r.y)};
    for (int y = r.y; y < r.y + r.height; y++) {
      for (int x = r.x; x < r.x + r.width; x++) {
        int c = rgb(image, x, y);
        if (ColormapTest.luminance(c) > ColormapTest.luminance(best[2])) {
          best = new int[] {x, y, c};
        }
      }
    }
    return best;
  }
}
