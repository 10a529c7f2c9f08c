package dev.gaze.notebooks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A notebook in Databricks source format: a first line {@value #HEADER}, cells separated by lines
 * {@value #SEPARATOR}, markdown cells as {@code // MAGIC %md} comment lines.
 *
 * @param name the file name without {@code .scala}
 * @param cells every cell, numbered from 1 as the Databricks editor shows them
 */
record Notebook(String name, List<Cell> cells) {

  static final String HEADER = "// Databricks notebook source";
  static final String SEPARATOR = "// COMMAND ----------";

  /**
   * One cell.
   *
   * @param number its position, from 1
   * @param line the file line its first line is on, from 1
   * @param source its text
   */
  record Cell(int number, int line, String source) {

    /** Whether the cell holds Scala code: a line that is neither blank nor a comment. */
    boolean isCode() {
      return source.lines().map(String::strip).anyMatch(l -> !l.isEmpty() && !l.startsWith("//"));
    }

    /** Whether the cell is a {@code %md} markdown cell. */
    boolean isMarkdown() {
      return source
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty())
          .findFirst()
          .orElse("")
          .startsWith("// MAGIC %md");
    }
  }

  /** Reads and splits {@code file}; refuses a file without the Databricks header. */
  static Notebook read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
      throw new IllegalArgumentException(file + " does not start with '" + HEADER + "'");
    }
    List<Cell> cells = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int start = 2;
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(SEPARATOR)) {
        cells.add(new Cell(cells.size() + 1, start, current.toString()));
        current.setLength(0);
        start = i + 2;
      } else {
        current.append(lines.get(i)).append('\n');
      }
    }
    cells.add(new Cell(cells.size() + 1, start, current.toString()));
    String name = file.getFileName().toString().replaceFirst("\\.scala$", "");
    return new Notebook(name, List.copyOf(cells));
  }
}
