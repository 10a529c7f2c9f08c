package dev.gaze.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gaze.aggregate.ActivationStats;
import dev.gaze.aggregate.ConfusionCell;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report with findings: the page opens with them and links to their evidence, it renders in
 * headless Chromium without broken images or script errors (dataset strings with {@code <script>}
 * and quotes show as text), and {@code report.pdf} holds the same content and renders with
 * poppler's {@code pdftoppm}.
 */
class FindingsReportTest {

  static final String EVIL = "<script>alert(1)</script> & \"quotes\"";
  private static final List<String> CLASSES = List.of("left", "right", EVIL, "middle");
  private static final List<String> TAPS = List.of("stem", "blocks/<2> \"attn\"");

  @TempDir Path dir;

  private ReportContext ctx;
  private List<Finding> findings;
  private List<Path> written;

  /** Synthetic rows with dead channels in the first tap and two confused pairs. */
  static List<ActivationStats> stats() {
    List<ActivationStats> stats = new ArrayList<>();
    stats.addAll(
        Synthetic.tap(
            TAPS.get(0),
            CLASSES,
            8,
            12,
            12,
            25,
            (k, y, x) -> Synthetic.blob(y, x, 2 + 2 * k, 9 - 2 * k, 2),
            new int[] {1, 6},
            1));
    stats.addAll(
        Synthetic.tap(
            TAPS.get(1), CLASSES, 16, 6, 6, 25, (k, y, x) -> k + 0.3 * y, new int[] {}, 2));
    return stats;
  }

  static List<ConfusionCell> confusion() {
    return List.of(
        new ConfusionCell(0, 0, 20),
        new ConfusionCell(0, 2, 5),
        new ConfusionCell(1, 1, 24),
        new ConfusionCell(1, 3, 1),
        new ConfusionCell(2, 2, 22),
        new ConfusionCell(2, 0, 3),
        new ConfusionCell(3, 3, 25));
  }

  @BeforeEach
  void render() throws IOException {
    ctx = new ReportContext("Gaze <report>", "/data/\"x\"", "demo-cnn", 101, 100, 1, CLASSES, TAPS);
    List<ActivationStats> stats = stats();
    findings =
        Findings.detect(
            FindingInputs.of(TAPS, CLASSES, stats, confusion()), FindingOptions.defaults());
    written = ReportRenderer.render(dir, ctx, stats, confusion(), findings, true);
  }

  @Test
  void findingsComeFirstMostSevereFirstAndLinkToTheirEvidence() throws IOException {
    assertThat(findings).extracting(Finding::kind).contains("dead_channels", "confused_classes");
    assertThat(written.get(written.size() - 1).getFileName().toString()).isEqualTo("report.pdf");
    assertThat(written).extracting(p -> p.getFileName().toString()).contains("index.html");
    String html = Files.readString(dir.resolve("index.html"), StandardCharsets.UTF_8);
    int findingsAt = html.indexOf("<section id=\"findings\">");
    assertThat(findingsAt).isPositive().isLessThan(html.indexOf("<nav>"));
    assertThat(html.indexOf("<section id=\"pairs\">")).isGreaterThan(findingsAt);
    // severities in the page's order are non-increasing
    Matcher sev = Pattern.compile("<td class=\"num sev\">([0-9.]+)</td>").matcher(html);
    List<Double> order = new ArrayList<>();
    while (sev.find()) {
      order.add(Double.parseDouble(sev.group(1)));
    }
    assertThat(order).hasSize(findings.size()).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    // dead channels link to the tap's dead-channel chart, pairs to their side-by-side maps
    assertThat(html).contains("href=\"#tap-01-dead\">figure</a>").contains("href=\"#pair-01\"");
    Matcher links = Pattern.compile("href=\"#([^\"]+)\"").matcher(html);
    while (links.find()) {
      assertThat(html).as(links.group(1)).contains("id=\"" + links.group(1) + "\"");
    }
    assertThat(html)
        .doesNotContain("<script")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;");
    assertThat(dir.resolve("pair-01-tap-01-stem.png")).exists();
  }

  @Test
  void pageRendersInHeadlessChromiumWithEveryImageAndNoScriptErrors(@TempDir Path browserDir)
      throws Exception {
    String html = Files.readString(dir.resolve("index.html"), StandardCharsets.UTF_8);
    int imgTags = countMatches(html, "<img ");
    Path shot = browserDir.resolve("screenshot.png");
    HeadlessChromium.Page page;
    try (HeadlessChromium chromium = HeadlessChromium.start(browserDir.resolve("profile"))) {
      page = chromium.open(dir.resolve("index.html").toUri(), HeadlessChromium.PAGE_CHECK, shot);
    }
    keep(shot, "findings-report.png");
    assertThat(page.errors()).as("script errors, console errors, failed loads").isEmpty();
    assertThat(page.dialogs()).as("dialogs opened by the page").isEmpty();
    JsonNode v = page.value();
    assertThat(v.path("scripts").asInt()).isZero();
    assertThat(v.path("images")).hasSize(imgTags);
    for (JsonNode image : v.path("images")) {
      assertThat(image.path("ok").asBoolean()).as("loaded: " + image).isTrue();
    }
    assertThat(v.path("findingRows").asInt()).isEqualTo(findings.size());
    assertThat(v.path("firstSection").asText()).isEqualTo("findings");
    assertThat(v.path("text").asText()).contains(EVIL).contains(findings.get(0).summary());
    assertThat(v.path("title").asText()).isEqualTo("Gaze <report>");
    BufferedImage image = ImageIO.read(shot.toFile());
    assertThat(image.getWidth()).isBetween(1200, 1280); // less a scrollbar
    assertThat(image.getHeight()).isGreaterThan(2000);
    assertThat(distinctColours(image)).as("heatmap colours in the screenshot").isGreaterThan(100);
  }

  @Test
  void pdfHasTheCoverTheFindingsAndTheHeatmapsAndRendersWithPoppler(@TempDir Path pages)
      throws Exception {
    Path pdf = dir.resolve("report.pdf");
    int count;
    List<String> text = new ArrayList<>();
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      count = doc.getNumberOfPages();
      PDFTextStripper stripper = new PDFTextStripper();
      for (int p = 1; p <= count; p++) {
        stripper.setStartPage(p);
        stripper.setEndPage(p);
        text.add(stripper.getText(doc).replaceAll("\\s+", " "));
      }
    }
    // cover, findings, confusion, 2 pairs, then per tap at least one page
    assertThat(count).isGreaterThanOrEqualTo(5 + TAPS.size());
    assertThat(text.get(0))
        .contains("Gaze <report>")
        .contains("Dataset: /data/\"x\"")
        .contains("Model: demo-cnn")
        .contains("Images: 101 seen, 100 analysed, 1 failed")
        .contains("Findings: " + findings.size());
    assertThat(text.get(1)).contains("Findings").contains("1. " + findings.get(0).kind());
    String all = String.join(" ", text);
    for (Finding f : findings) {
      assertThat(all).contains(f.summary().substring(0, 30));
    }
    assertThat(all).contains(EVIL).contains("Tap stem").contains("Per-class mean spatial maps");
    assertThat(all).contains(Captions.DEAD.substring(0, 40));

    Path pdftoppm = Path.of("/usr/bin/pdftoppm");
    assertThat(pdftoppm)
        .as("pdftoppm (Debian poppler-utils) is needed; jobs/setup installs it")
        .isExecutable();
    Process p =
        new ProcessBuilder(
                pdftoppm.toString(),
                "-r",
                "60",
                "-png",
                pdf.toString(),
                pages.resolve("page").toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(log).isZero();
    List<Path> pngs;
    try (Stream<Path> files = Files.list(pages)) {
      pngs = files.filter(f -> f.toString().endsWith(".png")).sorted().toList();
    }
    assertThat(pngs).hasSize(count);
    // the first tap page (after cover, findings, confusion and the two pairs) shows the viridis
    // grid
    int firstTap = -1;
    for (int i = 0; i < text.size(); i++) {
      if (text.get(i).contains("Tap stem Shape")) {
        firstTap = i;
        break;
      }
    }
    assertThat(firstTap).isPositive();
    BufferedImage tapPage = ImageIO.read(pngs.get(firstTap).toFile());
    BufferedImage cover = ImageIO.read(pngs.get(0).toFile());
    assertThat(distinctColours(tapPage)).isGreaterThan(100);
    assertThat(distinctColours(cover)).isLessThan(distinctColours(tapPage));
    for (int i = 0; i < pngs.size(); i++) {
      keep(pngs.get(i), "findings-report-page-" + (i + 1) + ".png");
    }
  }

  static int distinctColours(BufferedImage image) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        colours.add(image.getRGB(x, y) & 0xFFFFFF);
      }
    }
    return colours.size();
  }

  private static int countMatches(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  /** Keeps a copy under target/test-output/ for a person to look at. */
  static void keep(Path file, String name) throws IOException {
    Path out = Path.of(System.getProperty("gaze.repo.root", "."), "target", "test-output");
    Files.createDirectories(out);
    Files.copy(file, out.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
