package dev.gaze.report;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * A flowing A4 layout on a PDFBox document: headings, wrapped paragraphs and images scaled to the
 * text width, each starting a new page when it does not fit on the current one. Uses DejaVu Sans
 * (embedded, any Unicode text) when the system has it, else Helvetica, which can show only Latin-1
 * (other characters become '?').
 */
final class PdfPages implements AutoCloseable {

  private static final float MARGIN = 50;
  private static final PDRectangle SIZE = PDRectangle.A4;
  private static final Path DEJAVU = Path.of("/usr/share/fonts/truetype/dejavu");

  private final PDDocument doc;
  private final PDFont regular;
  private final PDFont bold;
  private final boolean unicode;
  private PDPageContentStream content;
  private float y;

  PdfPages(PDDocument doc) throws IOException {
    this.doc = doc;
    Path sans = DEJAVU.resolve("DejaVuSans.ttf");
    Path sansBold = DEJAVU.resolve("DejaVuSans-Bold.ttf");
    if (Files.isRegularFile(sans) && Files.isRegularFile(sansBold)) {
      regular = PDType0Font.load(doc, sans.toFile());
      bold = PDType0Font.load(doc, sansBold.toFile());
      unicode = true;
    } else {
      regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
      unicode = false;
    }
  }

  /** The width text and images may take. */
  static float textWidth() {
    return SIZE.getWidth() - 2 * MARGIN;
  }

  /** Starts a new page. */
  void newPage() throws IOException {
    closeContent();
    PDPage page = new PDPage(SIZE);
    doc.addPage(page);
    content = new PDPageContentStream(doc, page);
    y = SIZE.getHeight() - MARGIN;
  }

  /** A bold line of {@code size} points, wrapped, with space above. */
  void heading(String text, float size) throws IOException {
    space(size * 0.6f);
    lines(text, bold, size, 0);
    space(size * 0.3f);
  }

  /** A wrapped paragraph of {@code size} points, indented by {@code indent} points. */
  void paragraph(String text, float size, float indent) throws IOException {
    lines(text, regular, size, indent);
    space(size * 0.5f);
  }

  /**
   * An image scaled to the text width (never enlarged beyond 1.5 points a pixel) and to at most
   * {@code maxHeight} points, on a new page when it does not fit.
   */
  void image(File file, float maxHeight) throws IOException {
    PDImageXObject image = PDImageXObject.createFromFileByExtension(file, doc);
    float scale =
        Math.min(1.5f, Math.min(textWidth() / image.getWidth(), maxHeight / image.getHeight()));
    float w = image.getWidth() * scale;
    float h = image.getHeight() * scale;
    ensure(h);
    y -= h;
    content.drawImage(image, MARGIN, y, w, h);
    space(6);
  }

  /** The space left on the current page, in points. */
  float remaining() {
    return content == null ? 0 : y - MARGIN;
  }

  /** Starts a new page unless {@code height} points fit on the current one. */
  void ensure(float height) throws IOException {
    if (content == null || y - height < MARGIN) {
      newPage();
    }
  }

  private void space(float points) {
    y -= points;
  }

  private void lines(String text, PDFont font, float size, float indent) throws IOException {
    float leading = size * 1.3f;
    for (String line : wrap(printable(text), font, size, textWidth() - indent)) {
      ensure(leading);
      y -= leading;
      content.beginText();
      content.setFont(font, size);
      content.newLineAtOffset(MARGIN + indent, y + size * 0.25f);
      content.showText(line);
      content.endText();
    }
  }

  /** {@code text} with control characters as spaces and, without DejaVu, non-Latin-1 as '?'. */
  String printable(String text) {
    StringBuilder s = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                s.append(' ');
              } else if (!unicode && c > 0xFF) {
                s.append('?');
              } else {
                s.appendCodePoint(c);
              }
            });
    return s.toString();
  }

  /** Greedy word wrap; a word wider than the line is cut. */
  static List<String> wrap(String text, PDFont font, float size, float width) throws IOException {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ", -1)) {
      String candidate = line.length() == 0 ? word : line + " " + word;
      if (width(candidate, font, size) <= width) {
        line.setLength(0);
        line.append(candidate);
        continue;
      }
      if (line.length() > 0) {
        lines.add(line.toString());
        line.setLength(0);
      }
      String rest = word;
      while (width(rest, font, size) > width && rest.length() > 1) {
        int end = rest.length() - 1;
        while (end > 1 && width(rest.substring(0, end), font, size) > width) {
          end--;
        }
        lines.add(rest.substring(0, end));
        rest = rest.substring(end);
      }
      line.append(rest);
    }
    if (line.length() > 0 || lines.isEmpty()) {
      lines.add(line.toString());
    }
    return lines;
  }

  private static float width(String s, PDFont font, float size) throws IOException {
    return font.getStringWidth(s) / 1000 * size;
  }

  private void closeContent() throws IOException {
    if (content != null) {
      content.close();
      content = null;
    }
  }

  @Override
  public void close() throws IOException {
    closeContent();
  }
}
