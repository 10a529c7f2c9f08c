package dev.gaze.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The little of a Markdown page the docs test reads: {@code ##} sections, pipe tables and fenced
 * code blocks, each with its line number for the failure messages.
 */
final class Markdown {

  /** A fenced code block: its language ({@code ""} when none), first content line and lines. */
  record Block(String lang, int line, List<String> lines) {}

  /** A pipe table: its header cells and rows of cells ({@code \|} unescaped), and its line. */
  record Table(int line, List<String> header, List<List<String>> rows) {

    /** The table's first column, as the code span of each row's first cell. */
    List<String> keys() {
      return rows.stream().map(r -> code(r.get(0))).toList();
    }
  }

  /** A {@code ##} section: its heading, the heading's line, and its tables and blocks. */
  record Section(String heading, int line, List<String> lines, List<Table> tables) {

    /** The first table whose first header cell is {@code first}. */
    Optional<Table> table(String first) {
      return tables.stream().filter(t -> t.header().get(0).equalsIgnoreCase(first)).findFirst();
    }

    /** The anchors ({@code #...}) this section links to. */
    List<String> anchors() {
      List<String> out = new ArrayList<>();
      Matcher m = ANCHOR.matcher(String.join("\n", lines));
      while (m.find()) {
        out.add(m.group(1));
      }
      return out;
    }
  }

  private static final Pattern ANCHOR = Pattern.compile("\\]\\(#([a-z0-9-]+)\\)");
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  final String name;
  final List<String> lines;

  private Markdown(String name, List<String> lines) {
    this.name = name;
    this.lines = lines;
  }

  /** Reads {@code root/relative}; {@link #name} is {@code relative}, for messages. */
  static Markdown read(Path root, String relative) {
    try {
      return new Markdown(relative, Files.readAllLines(root.resolve(relative)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text of a cell's first code span, or the trimmed cell when it has none. */
  static String code(String cell) {
    Matcher m = CODE.matcher(cell);
    return m.find() ? m.group(1) : cell.trim();
  }

  /** The text of every code span of a cell. */
  static List<String> codes(String cell) {
    List<String> out = new ArrayList<>();
    Matcher m = CODE.matcher(cell);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as dashes. */
  static String slug(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").trim().replace(' ', '-');
  }

  /** The fenced code blocks, in order. */
  List<Block> blocks() {
    List<Block> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.startsWith("```")) {
        String lang = l.substring(3).trim();
        List<String> body = new ArrayList<>();
        int start = i + 2;
        for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
          body.add(lines.get(i));
        }
        out.add(new Block(lang, start, List.copyOf(body)));
      }
    }
    return out;
  }

  /** The {@code ##} sections by heading, in order (text before the first one is left out). */
  Map<String, Section> sections() {
    Map<String, Section> out = new LinkedHashMap<>();
    String heading = null;
    int headingLine = 0;
    List<String> body = new ArrayList<>();
    List<Table> tables = new ArrayList<>();
    boolean fenced = false;
    for (int i = 0; i <= lines.size(); i++) {
      String l = i < lines.size() ? lines.get(i) : null;
      if (l != null && l.startsWith("```")) {
        fenced = !fenced;
      }
      if (l == null || (!fenced && l.startsWith("## "))) {
        if (heading != null) {
          out.put(
              heading, new Section(heading, headingLine, List.copyOf(body), List.copyOf(tables)));
        }
        if (l == null) {
          break;
        }
        heading = l.substring(3).trim();
        headingLine = i + 1;
        body = new ArrayList<>();
        tables = new ArrayList<>();
        continue;
      }
      body.add(l);
      if (!fenced && l.startsWith("|") && (i == 0 || !lines.get(i - 1).startsWith("|"))) {
        tables.add(table(i));
      }
    }
    return out;
  }

  private Table table(int first) {
    List<String> header = cells(lines.get(first));
    List<List<String>> rows = new ArrayList<>();
    for (int i = first + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      rows.add(cells(lines.get(i)));
    }
    return new Table(first + 1, header, rows);
  }

  private static List<String> cells(String row) {
    String inner = row.trim();
    inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
    List<String> out = new ArrayList<>();
    for (String c : inner.split("(?<!\\\\)\\|", -1)) {
      out.add(c.replace("\\|", "|").trim());
    }
    return out;
  }
}
