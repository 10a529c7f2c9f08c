package dev.gaze.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gaze.aggregate.ActivationStats;
import dev.gaze.aggregate.ConfusionCell;
import dev.gaze.findings.AtypicalClassDetector;
import dev.gaze.findings.Finding;
import dev.gaze.findings.FindingInputs;
import dev.gaze.findings.FindingOptions;
import dev.gaze.findings.Findings;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report of 120 classes (beyond {@link ClassTable#FIGURE_CLASSES}): figures show a subset with
 * the full set paged, no PNG above 4 megapixels, a page per class linked from the index, the
 * findings and the confusion page, and the planted atypical class among those shown.
 */
class LargeReportTest {

  private static final int CLASSES = 120;
  private static final int PLANTED = 77;
  private static final long MAX_PIXELS = 4_000_000;

  @TempDir static Path dir;

  private static List<String> names;
  private static List<ConfusionCell> confusion;
  private static List<Finding> findings;
  private static List<Path> written;

  @BeforeAll
  static void render() throws IOException {
    names = new ArrayList<>();
    for (int k = 0; k < CLASSES; k++) {
      names.add((char) ('a' + k % 26) + "class " + k);
    }
    List<ActivationStats> stats = new ArrayList<>();
    // each class has one channel of its own (Synthetic boosts channel k of class k);
    // the planted class's map is a blob in the corner, the others' in the middle
    stats.addAll(
        Synthetic.tap(
            "conv",
            names,
            CLASSES,
            7,
            7,
            10,
            (k, y, x) ->
                k == PLANTED
                    ? Synthetic.blob(y, x, 0, 0, 1)
                    : Synthetic.blob(y, x, 3 + (k % 3) * 0.1, 3, 2),
            new int[] {},
            1));
    stats.addAll(Synthetic.tap("fc", names, 2048, 1, 1, 10, (k, y, x) -> 1, new int[] {}, 2));
    long[] diagonal = new long[CLASSES];
    for (int k = 0; k < CLASSES; k++) {
      diagonal[k] = 5 + k % 7;
    }
    confusion = new ArrayList<>(Synthetic.confusion(diagonal, 2));
    confusion.add(new ConfusionCell(40, 41, 30));
    FindingInputs inputs = FindingInputs.of(List.of("conv", "fc"), names, stats, confusion);
    findings = Findings.detect(inputs, FindingOptions.defaults());
    ReportContext ctx =
        new ReportContext("large", "/data", "m", 3000, 3000, 0, names, List.of("conv", "fc"));
    written = ReportRenderer.render(dir, ctx, stats, confusion, findings, true);
  }

  @Test
  void noPngIsLargerThanFourMegapixels() throws IOException {
    List<Path> pngs;
    try (Stream<Path> walk = Files.walk(dir)) {
      pngs = walk.filter(p -> p.toString().endsWith(".png")).toList();
    }
    assertThat(pngs).hasSizeGreaterThan(2 * CLASSES);
    for (Path p : pngs) {
      BufferedImage image = ImageIO.read(p.toFile());
      assertThat((long) image.getWidth() * image.getHeight())
          .as(dir.relativize(p).toString())
          .isLessThanOrEqualTo(MAX_PIXELS);
    }
  }

  @Test
  void theGridShowsTheSubsetAndPagesTheFullSet() throws IOException {
    String index = Files.readString(dir.resolve("index.html"), StandardCharsets.UTF_8);
    assertThat(index).contains("Every class</a>").contains("grids/tap-01-conv-p001.html");
    for (int p = 1; p <= 2; p++) {
      Path page = dir.resolve(String.format("grids/tap-01-conv-p%03d.html", p));
      assertThat(page).exists();
      assertThat(Files.readString(page))
          .contains("classes/class-" + String.format("%05d", Math.min(CLASSES, p * 100) - 1));
    }
    assertThat(dir.resolve("grids/tap-01-conv-p003.html")).doesNotExist();
    // the planted atypical class is named by a finding and so among the classes the figures show
    assertThat(findings)
        .filteredOn(f -> f.kind().equals(AtypicalClassDetector.KIND))
        .extracting(Finding::classId)
        .containsExactly(PLANTED);
    ClassTable table =
        ClassTable.of(
            new ReportContext("large", "/data", "m", 0, 0, 0, names, List.of()),
            TapRows.group(List.of(), List.of()),
            confusion,
            null);
    List<Integer> shown = table.figureClasses(findings);
    assertThat(shown).hasSize(ClassTable.FIGURE_CLASSES).contains(PLANTED, 40, 41).isSorted();
    SpatialGridChart grid =
        new SpatialGridChart(
            TapRows.group(statsOf("conv"), List.of()).get(0).only(shown), Colormap.viridis());
    assertThat(grid.scale()).isGreaterThanOrEqualTo(96 / 7);
  }

  private static List<ActivationStats> statsOf(String tap) {
    return Synthetic.tap(tap, names, 4, 7, 7, 10, (k, y, x) -> k, new int[] {}, 1);
  }

  @Test
  void everyClassNamedLinksToItsPage() throws IOException {
    Map<String, String> pages = new HashMap<>();
    for (String page : List.of("index.html", "confusion.html")) {
      pages.put(page, Files.readString(dir.resolve(page), StandardCharsets.UTF_8));
    }
    String index = pages.get("index.html");
    // the class table links every class's page once at least
    for (int k = 0; k < CLASSES; k++) {
      assertThat(index).contains(String.format("href=\"classes/class-%05d.html\"", k));
      assertThat(dir.resolve(String.format("classes/class-%05d.html", k))).exists();
    }
    // the finding's "where" links the atypical class, the evidence link goes to its page
    assertThat(index)
        .contains(String.format("href=\"classes/class-%05d.html#maps\">figure</a>", PLANTED));
    // the confusion page names the top pair with links, and all its links resolve
    assertThat(pages.get("confusion.html"))
        .contains("href=\"classes/class-00040.html\"")
        .contains("href=\"classes/class-00041.html\"");
    for (Map.Entry<String, String> e : pages.entrySet()) {
      Matcher m = Pattern.compile("(src|href)=\"([^\"#]+)").matcher(e.getValue());
      while (m.find()) {
        assertThat(dir.resolve(m.group(2))).as(e.getKey() + " -> " + m.group(2)).exists();
      }
    }
    String classPage = Files.readString(dir.resolve(String.format("classes/class-%05d.html", 40)));
    assertThat(classPage)
        .contains("href=\"class-00041.html\"")
        .contains("class-00040-maps.png")
        .contains("class-00040-confused.png")
        .contains("../index.html");
    Matcher m = Pattern.compile("(src|href)=\"([^\"#]+)").matcher(classPage);
    while (m.find()) {
      assertThat(dir.resolve("classes").resolve(m.group(2))).as(m.group(2)).exists();
    }
  }

  @Test
  void theClassTableAgreesWithAStraightforwardCount() {
    ClassTable table =
        ClassTable.of(
            new ReportContext("large", "/data", "m", 0, 0, 0, names, List.of()),
            TapRows.group(List.of(), List.of()),
            confusion,
            null);
    for (int k : new int[] {0, 40, 41, CLASSES - 1}) {
      long correct = 0;
      long all = 0;
      for (ConfusionCell c : confusion) {
        if (c.classId() == k) {
          all += c.images();
          correct += c.predictedId() == k ? c.images() : 0;
        }
      }
      assertThat(table.row(k).accuracy()).isEqualTo((double) correct / all);
    }
    // 2 images from every class to the next, 30 more from 40 to 41
    assertThat(table.topPairs(1).get(0)).containsExactly(40, 41, 32);
    assertThat(table.byAccuracy().get(0).id()).isEqualTo(40);
    assertThat(written.get(written.size() - 1).getFileName().toString()).isEqualTo("report.pdf");
  }
}
