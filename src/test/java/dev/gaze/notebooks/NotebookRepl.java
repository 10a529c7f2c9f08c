package dev.gaze.notebooks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs notebooks cell by cell in one child JVM running Spark's Scala REPL ({@code
 * org.apache.spark.repl.Main}, from the test class path), as a Databricks cluster would: each cell
 * is one {@code :paste} unit, each notebook starts from a {@code :reset} interpreter (Spark's
 * session survives it, as a cluster's does) with the prelude that stands in for {@code display},
 * {@code displayHTML} and {@code dbutils.widgets}. A cell counts as run when the marker appended to
 * it prints, which it does only if the cell compiled and ran to its end.
 */
final class NotebookRepl {

  /** Markers the prelude prints; built at run time there, so that echoed source never matches. */
  private static final Pattern MARKER = Pattern.compile("@@(BEGIN|OK) (\\S+) (\\d+)@@");

  /**
   * One notebook run.
   *
   * @param id a name for this run, unique in one {@link #execute} call
   * @param notebook the notebook
   * @param widgets widget values that replace the notebook's defaults
   * @param setup Scala lines run after the prelude, before the first cell (may be empty)
   */
  record Run(String id, Notebook notebook, Map<String, String> widgets, String setup) {}

  /**
   * What one code cell did.
   *
   * @param cell the cell
   * @param ok whether it compiled and ran to its end
   * @param output the REPL's output while it ran (compiler errors, stack traces, prints)
   */
  record CellResult(Notebook.Cell cell, boolean ok, String output) {}

  /**
   * What one run did.
   *
   * @param run the run
   * @param cells its code cells, in order
   * @param html what each {@code displayHTML} call showed, in order
   * @param tables what each {@code display} call showed, as tab-separated text with a header
   */
  record RunResult(Run run, List<CellResult> cells, List<String> html, List<String> tables) {

    /** The first code cell that did not run to its end. */
    Optional<CellResult> firstFailure() {
      return cells.stream().filter(c -> !c.ok()).findFirst();
    }

    /** One line naming the first failed cell and the end of its output, or empty. */
    Optional<String> failureMessage() {
      return firstFailure()
          .map(
              c ->
                  "notebooks/"
                      + run.notebook().name()
                      + ".scala cell "
                      + c.cell().number()
                      + " (line "
                      + c.cell().line()
                      + ") failed in run "
                      + run.id()
                      + ":\n"
                      + tail(c.output(), 40));
    }
  }

  private NotebookRepl() {}

  /**
   * Runs {@code runs} in order in one REPL process.
   *
   * @param work an empty folder for the cell files, the display records and the REPL's output
   * @param systemProperties {@code -D} settings of the child JVM
   * @param timeout how long the whole process may take
   */
  static List<RunResult> execute(
      List<Run> runs, Path work, Map<String, String> systemProperties, Duration timeout)
      throws IOException, InterruptedException {
    Path displays = Files.createDirectories(work.resolve("display"));
    Files.writeString(work.resolve("prelude.scala"), prelude(displays));
    StringBuilder script = new StringBuilder();
    for (Run run : runs) {
      script.append(":reset\n:paste ").append(work.resolve("prelude.scala")).append('\n');
      StringBuilder widgets = new StringBuilder();
      run.widgets()
          .forEach(
              (k, v) ->
                  widgets
                      .append("gazeWidgetValues(")
                      .append(literal(k))
                      .append(") = ")
                      .append(literal(v))
                      .append("; "));
      script.append(widgets).append('\n');
      if (!run.setup().isBlank()) {
        Path setup = work.resolve(run.id() + "-setup.scala");
        Files.writeString(setup, run.setup());
        script.append(":paste ").append(setup).append('\n');
      }
      for (Notebook.Cell cell : run.notebook().cells()) {
        if (!cell.isCode() || cell.isMarkdown()) {
          continue;
        }
        Path file = work.resolve(String.format("%s-cell-%02d.scala", run.id(), cell.number()));
        Files.writeString(file, cell.source() + "\ngazeCellDone()\n");
        script
            .append("gazeBegin(")
            .append(literal(run.id()))
            .append(", ")
            .append(cell.number())
            .append(")\n:paste ")
            .append(file)
            .append('\n');
      }
    }
    script.append(":quit\n");
    Path input = work.resolve("input.txt");
    Files.writeString(input, script);
    Path output = work.resolve("repl-output.txt");

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions());
    command.add("-Xmx2g");
    command.add("-Dscala.usejavacp=true");
    systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-cp");
    command.add(
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add("org.apache.spark.repl.Main");
    Process process =
        new ProcessBuilder(command)
            .redirectInput(input.toFile())
            .redirectOutput(output.toFile())
            .redirectErrorStream(true)
            .directory(work.toFile())
            .start();
    if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException(
          "the notebook REPL ran past "
              + timeout.toSeconds()
              + " s; its output ends:\n"
              + tail(Files.readString(output), 40));
    }
    return results(runs, Files.readString(output), displays);
  }

  private static List<RunResult> results(List<Run> runs, String output, Path displays)
      throws IOException {
    Map<String, String> cellOutput = new LinkedHashMap<>();
    Map<String, Boolean> ok = new LinkedHashMap<>();
    String current = null;
    StringBuilder text = new StringBuilder();
    for (String line : output.split("\n", -1)) {
      Matcher m = MARKER.matcher(line);
      if (m.find()) {
        String key = m.group(2) + " " + m.group(3);
        if (m.group(1).equals("BEGIN")) {
          if (current != null) {
            cellOutput.put(current, text.toString());
          }
          current = key;
          text.setLength(0);
        } else {
          ok.put(key, true);
        }
        continue;
      }
      text.append(line).append('\n');
    }
    if (current != null) {
      cellOutput.put(current, text.toString());
    }
    List<RunResult> results = new ArrayList<>();
    for (Run run : runs) {
      List<CellResult> cells = new ArrayList<>();
      for (Notebook.Cell cell : run.notebook().cells()) {
        if (cell.isCode() && !cell.isMarkdown()) {
          String key = run.id() + " " + cell.number();
          cells.add(
              new CellResult(
                  cell,
                  ok.getOrDefault(key, false),
                  cellOutput.getOrDefault(
                      key, "(the cell never started; the REPL ends:\n" + tail(output, 20) + ")")));
        }
      }
      results.add(
          new RunResult(
              run,
              cells,
              recorded(displays, run.id(), ".html"),
              recorded(displays, run.id(), ".tsv")));
    }
    return results;
  }

  private static List<String> recorded(Path displays, String id, String suffix) throws IOException {
    Path dir = displays.resolve(id);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<String> texts = new ArrayList<>();
      for (Path p : files.filter(p -> p.toString().endsWith(suffix)).sorted().toList()) {
        texts.add(Files.readString(p, StandardCharsets.UTF_8));
      }
      return texts;
    }
  }

  /** The module flags of conf/jvm-options, as jobs/gaze passes them. */
  private static List<String> jvmOptions() throws IOException {
    Path file = Path.of(System.getProperty("gaze.home", "."), "conf", "jvm-options");
    return Files.readAllLines(file).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  /**
   * The prelude: Databricks' {@code display}, {@code displayHTML} and {@code dbutils.widgets},
   * recording what is shown under {@code displays/<run>/}.
   */
  static String prelude(Path displays) throws IOException {
    String template;
    try (var in = NotebookRepl.class.getResourceAsStream("prelude.scala")) {
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return template.replace("@DISPLAYS@", displays.toString().replace("\\", "/"));
  }

  /** {@code s} as a Scala string literal. */
  static String literal(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static String tail(String text, int lines) {
    String[] all = text.split("\n");
    int from = Math.max(0, all.length - lines);
    return String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length));
  }
}
