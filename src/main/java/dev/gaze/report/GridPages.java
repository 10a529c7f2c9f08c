package dev.gaze.report;

import static dev.gaze.report.HtmlReport.esc;

import dev.gaze.aggregate.ActivationStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The full set of a tap's per-class figures when the report shows a subset: the classes in id
 * order, {@value #PER_PAGE} a page, each page in {@value #DIR}/ with the spatial grid and the class
 * by channel heatmap of its classes and links to the other pages.
 */
final class GridPages {

  /** The folder of the paged figures, inside the report folder. */
  static final String DIR = "grids";

  /** Classes per page: a 10 x 10 grid of panels. */
  static final int PER_PAGE = 100;

  private GridPages() {}

  /** The first page of tap number {@code index}'s full set, relative to the report folder. */
  static String first(int index, TapRows tap) {
    return DIR + "/" + page(index, tap, 0);
  }

  /** Writes tap number {@code index}'s pages and figures; returns the files written. */
  static List<Path> write(
      Path reportDir, ReportContext ctx, ClassTable table, int index, TapRows tap)
      throws IOException {
    Path dir = reportDir.resolve(DIR);
    Files.createDirectories(dir);
    PngWriter png = new PngWriter(dir);
    Colormap colormap = Colormap.viridis();
    List<ActivationStats> rows = tap.classRows();
    int pages = (rows.size() + PER_PAGE - 1) / PER_PAGE;
    String stem = FileNames.tapStem(index, tap.tap());
    List<Path> html = new ArrayList<>();
    for (int p = 0; p < pages; p++) {
      List<ActivationStats> chunk =
          rows.subList(p * PER_PAGE, Math.min(rows.size(), (p + 1) * PER_PAGE));
      TapRows part =
          new TapRows(
              tap.tap(), tap.channels(), tap.height(), tap.width(), chunk, tap.datasetWide());
      String suffix = String.format(Locale.ROOT, "-p%03d", p + 1);
      Optional<String> spatial =
          png.writeIf(
              tap.height() * tap.width() > 0,
              stem + suffix + "-spatial.png",
              () -> new SpatialGridChart(part, colormap).render());
      Optional<String> channels =
          png.writeIf(
              tap.channels() > 0,
              stem + suffix + "-channels.png",
              () -> new ChannelHeatmapChart(part, colormap).render());
      StringBuilder out = new StringBuilder(16_384);
      out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
          .append(esc(tap.tap()))
          .append(
              String.format(
                  Locale.ROOT,
                  ", classes %d to %d: ",
                  chunk.get(0).classId(),
                  chunk.get(chunk.size() - 1).classId()))
          .append(esc(ctx.title()))
          .append("</title>\n<style>\n")
          .append(HtmlReport.css())
          .append("</style>\n</head>\n<body>\n<header>\n<p><a href=\"../index.html#")
          .append(EvidenceLinks.tapAnchor(index))
          .append("\">Back to the report</a></p>\n<h1>Tap <code>")
          .append(esc(tap.tap()))
          .append("</code>: every class, page ")
          .append(p + 1)
          .append(" of ")
          .append(pages)
          .append("</h1>\n");
      nav(out, index, tap, pages, p);
      out.append("</header>\n<p>Classes: ");
      for (int i = 0; i < chunk.size(); i++) {
        out.append(i == 0 ? "" : ", ")
            .append(
                ClassPages.link(table, chunk.get(i).classId(), false)
                    .replace("href=\"", "href=\"../"));
      }
      out.append(".</p>\n");
      spatial.ifPresent(
          f ->
              HtmlReport.figure(
                  out,
                  "spatial",
                  f,
                  "Mean spatial maps of tap " + esc(tap.tap()),
                  esc(Captions.SPATIAL)));
      channels.ifPresent(
          f ->
              HtmlReport.figure(
                  out,
                  "channels",
                  f,
                  "Class by channel heatmap of tap " + esc(tap.tap()),
                  esc(Captions.CHANNELS)));
      nav(out, index, tap, pages, p);
      out.append("</body>\n</html>\n");
      Path file = dir.resolve(page(index, tap, p));
      Files.writeString(file, out, StandardCharsets.UTF_8);
      html.add(file);
    }
    List<Path> all = new ArrayList<>(png.written());
    all.addAll(html);
    return all;
  }

  private static void nav(StringBuilder out, int index, TapRows tap, int pages, int current) {
    out.append("<nav><p>Pages: ");
    for (int p = 0; p < pages; p++) {
      if (p == current) {
        out.append("<strong>").append(p + 1).append("</strong> ");
      } else {
        out.append("<a href=\"")
            .append(esc(page(index, tap, p)))
            .append("\">")
            .append(p + 1)
            .append("</a> ");
      }
    }
    out.append("</p></nav>\n");
  }

  private static String page(int index, TapRows tap, int p) {
    return String.format(Locale.ROOT, "%s-p%03d.html", FileNames.tapStem(index, tap.tap()), p + 1);
  }
}
