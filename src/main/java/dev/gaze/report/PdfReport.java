package dev.gaze.report;

import dev.gaze.findings.Finding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;

/**
 * The report as one PDF for a meeting, with the page's content: a cover (dataset, model, counts),
 * the findings most severe first, the confusion matrix, the confused pairs' side-by-side maps, then
 * per tap its figures, each with its caption, and for a model with attention the attention page's
 * figures and border ranking. The figures are the PNGs the HTML page shows.
 */
final class PdfReport {

  /** The PDF's file name inside the report folder. */
  static final String FILE_NAME = "report.pdf";

  private static final float TITLE = 20;
  private static final float H1 = 15;
  private static final float H2 = 12;
  private static final float BODY = 10;
  private static final float FIGURE_HEIGHT = 560;

  private PdfReport() {}

  /** Writes {@value #FILE_NAME} into {@code dir} and returns its path. */
  static Path write(
      Path dir,
      ReportContext ctx,
      List<Finding> findings,
      List<TapFigures> taps,
      Optional<ConfusionMatrix> matrix,
      Optional<String> confusionFile,
      List<PairFigures> pairs)
      throws IOException {
    return write(dir, ctx, findings, taps, matrix, confusionFile, pairs, Optional.empty());
  }

  /**
   * Writes the PDF as {@link #write(Path, ReportContext, List, List, Optional, Optional, List)}
   * does, with the attention page's figures after the taps' when there are any.
   */
  static Path write(
      Path dir,
      ReportContext ctx,
      List<Finding> findings,
      List<TapFigures> taps,
      Optional<ConfusionMatrix> matrix,
      Optional<String> confusionFile,
      List<PairFigures> pairs,
      Optional<AttentionFigures> attention)
      throws IOException {
    return write(dir, ctx, findings, taps, matrix, confusionFile, pairs, attention, null);
  }

  /**
   * Writes the PDF as {@link #write(Path, ReportContext, List, List, Optional, Optional, List,
   * Optional)} does; when {@code shown} holds more classes than the figures show, it is a summary:
   * the cover says so and names the classes shown, the figures are the subset ones, and the
   * per-class pages stay in the HTML report.
   */
  static Path write(
      Path dir,
      ReportContext ctx,
      List<Finding> findings,
      List<TapFigures> taps,
      Optional<ConfusionMatrix> matrix,
      Optional<String> confusionFile,
      List<PairFigures> pairs,
      Optional<AttentionFigures> attention,
      Shown shown)
      throws IOException {
    Path file = dir.resolve(FILE_NAME);
    try (PDDocument doc = new PDDocument()) {
      PDDocumentInformation info = new PDDocumentInformation();
      info.setTitle(ctx.title());
      info.setCreator("Gaze");
      doc.setDocumentInformation(info);
      try (PdfPages pages = new PdfPages(doc)) {
        cover(pages, ctx, findings, taps, matrix, shown);
        findings(pages, ctx, findings);
        if (confusionFile.isPresent()) {
          pages.newPage();
          pages.heading("Confusion matrix", H1);
          figure(pages, dir, confusionFile.get(), Captions.CONFUSION);
        }
        for (PairFigures pair : pairs) {
          pages.newPage();
          pages.heading("Confused pair " + (pair.index() + 1), H1);
          pages.paragraph(pair.finding().summary(), BODY, 0);
          for (PairFigures.Panel panel : pair.panels()) {
            pages.ensure(FIGURE_HEIGHT / 2); // keep the heading with its figure
            pages.heading("Tap " + panel.tap(), H2);
            figure(pages, dir, panel.file(), panel.caption());
          }
        }
        for (TapFigures tap : taps) {
          tapPages(pages, dir, tap);
        }
        if (attention.isPresent()) {
          attentionPages(pages, dir, attention.get());
        }
      }
      doc.save(file.toFile());
    }
    return file;
  }

  private static void cover(
      PdfPages pages,
      ReportContext ctx,
      List<Finding> findings,
      List<TapFigures> taps,
      Optional<ConfusionMatrix> matrix,
      Shown shown)
      throws IOException {
    pages.newPage();
    pages.heading(ctx.title(), TITLE);
    pages.paragraph("Dataset: " + ctx.dataset(), BODY + 1, 0);
    pages.paragraph("Model: " + ctx.model(), BODY + 1, 0);
    pages.paragraph(
        String.format(
            Locale.ROOT,
            "Images: %d seen, %d analysed, %d failed",
            ctx.imagesSeen(),
            ctx.imagesAnalyzed(),
            ctx.imagesFailed()),
        BODY + 1,
        0);
    int classes = shown == null ? ctx.classNames().size() : shown.table().size();
    pages.paragraph("Classes: " + classes, BODY + 1, 0);
    if (shown != null && shown.subset()) {
      List<String> names = new java.util.ArrayList<>();
      shown.figureClasses().forEach(id -> names.add(shown.table().name(id)));
      pages.paragraph(
          "This PDF is a summary. "
              + Captions.SUBSET
              + " Shown: "
              + String.join(", ", names)
              + ". The HTML report has a page per class and every class's figures.",
          BODY,
          0);
    }
    pages.paragraph("Taps: " + taps.size(), BODY + 1, 0);
    long correct =
        shown != null ? shown.table().correct() : matrix.map(m -> m.correct()).orElse(0L);
    long total = shown != null ? shown.table().total() : matrix.map(m -> m.total()).orElse(0L);
    if (matrix.isPresent() && total > 0) {
      pages.paragraph(
          String.format(
              Locale.ROOT,
              "Top-1 accuracy: %.1f%% (%d of %d images)",
              100.0 * correct / total,
              correct,
              total),
          BODY + 1,
          0);
    }
    Map<String, Integer> byKind = new TreeMap<>();
    findings.forEach(f -> byKind.merge(f.kind(), 1, Integer::sum));
    StringBuilder kinds = new StringBuilder();
    byKind.forEach(
        (k, n) -> kinds.append(kinds.length() == 0 ? " (" : ", ").append(n).append(' ').append(k));
    pages.paragraph(
        "Findings: " + findings.size() + (kinds.length() > 0 ? kinds + ")" : ""), BODY + 1, 0);
  }

  private static void findings(PdfPages pages, ReportContext ctx, List<Finding> findings)
      throws IOException {
    pages.newPage();
    pages.heading("Findings", H1);
    if (findings.isEmpty()) {
      pages.paragraph(Captions.NO_FINDINGS, BODY, 0);
      return;
    }
    pages.paragraph(Captions.FINDINGS, BODY, 0);
    for (int i = 0; i < findings.size(); i++) {
      Finding f = findings.get(i);
      pages.heading(
          String.format(
              Locale.ROOT,
              "%d. %s, severity %.2f%s",
              i + 1,
              f.kind(),
              f.severity(),
              FindingText.where(f, ctx.classNames()).map(w -> " (" + w + ")").orElse("")),
          BODY + 1);
      pages.paragraph(f.summary(), BODY, 12);
      pages.paragraph("Evidence: " + f.evidence(), BODY - 2, 12);
    }
  }

  private static void tapPages(PdfPages pages, Path dir, TapFigures tap) throws IOException {
    TapRows rows = tap.rows();
    pages.newPage();
    pages.heading("Tap " + rows.tap(), H1);
    pages.paragraph(
        "Shape "
            + rows.shape()
            + " (channels x height x width), "
            + rows.images()
            + " images, "
            + rows.classRows().size()
            + " classes.",
        BODY,
        0);
    if (tap.spatialGrid().isPresent()) {
      pages.heading("Per-class mean spatial maps", H2);
      figure(pages, dir, tap.spatialGrid().get(), Captions.SPATIAL);
    }
    if (tap.channelHeatmap().isPresent()) {
      pages.ensure(FIGURE_HEIGHT / 2);
      pages.heading("Class by channel heatmap", H2);
      figure(pages, dir, tap.channelHeatmap().get(), Captions.CHANNELS);
    }
    if (tap.deadChannels().isPresent()) {
      pages.ensure(FIGURE_HEIGHT / 2);
      pages.heading("Dead channels", H2);
      figure(pages, dir, tap.deadChannels().get(), Captions.DEAD);
    }
  }

  private static void attentionPages(PdfPages pages, Path dir, AttentionFigures attention)
      throws IOException {
    for (AttentionFigures.Block block : attention.blocks()) {
      pages.newPage();
      pages.heading("Attention of block " + block.tap(), H1);
      if (block.maps().isPresent()) {
        pages.heading("Class-token attention per head and class", H2);
        figure(pages, dir, block.maps().get(), Captions.ATTENTION_MAPS);
      }
      if (block.similarity().isPresent()) {
        pages.ensure(FIGURE_HEIGHT / 2);
        pages.heading("Head similarity", H2);
        figure(pages, dir, block.similarity().get(), Captions.HEAD_SIMILARITY);
      }
      pages.paragraph(AttentionReport.pruning(block), BODY, 0);
    }
    pages.newPage();
    pages.heading("Attention rollout", H1);
    if (attention.rollout().isPresent()) {
      figure(pages, dir, attention.rollout().get(), Captions.ROLLOUT);
    } else {
      pages.paragraph(Captions.NO_ROLLOUT, BODY, 0);
    }
    if (attention.profile().isPresent()) {
      pages.ensure(FIGURE_HEIGHT / 2);
      pages.heading("Entropy and distance per head", H1);
      figure(pages, dir, attention.profile().get(), Captions.HEAD_PROFILE);
    }
    pages.ensure(FIGURE_HEIGHT / 3);
    pages.heading("Classes ranked by border fraction", H1);
    pages.paragraph(Captions.BORDER, BODY, 0);
    List<AttentionFigures.BorderRank> ranks = attention.border();
    for (int i = 0; i < ranks.size(); i++) {
      AttentionFigures.BorderRank r = ranks.get(i);
      pages.paragraph(
          String.format(
              Locale.ROOT, "%d. %s: %.3f (mean over blocks)", i + 1, r.className(), r.mean()),
          BODY,
          12);
    }
  }

  private static void figure(PdfPages pages, Path dir, String file, String caption)
      throws IOException {
    pages.image(dir.resolve(file).toFile(), FIGURE_HEIGHT);
    pages.paragraph(caption, BODY - 1, 0);
  }
}
