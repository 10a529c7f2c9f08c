package dev.gaze.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gaze.Gaze;
import dev.gaze.TestSpark;
import dev.gaze.cli.Main;
import dev.gaze.config.AnalysisConfig;
import dev.gaze.findings.FindingOptions;
import dev.gaze.findings.Findings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The docs against the code: every CLI option in {@code docs/cli.md} (and nothing else), every
 * column of every table a real run writes in {@code docs/output-tables.md} with its Spark type,
 * every finding kind and threshold default in {@code docs/findings.md}, and every {@code sh} block
 * of the README and {@code docs/} either run, on a tiny copy of the embedded data, or marked as an
 * example. Each check collects every problem and fails with one line per problem saying what to add
 * or remove where (the conventions: the "Docs" section of {@code docs/architecture.md}).
 */
class DocsTest {

  private static final Path ROOT = Path.of(System.getProperty("gaze.home", ".")).toAbsolutePath();
  private static final String EXAMPLE = "# example:";

  /** Words that start a shell command, for finding commands in blocks with no language. */
  private static final List<String> COMMAND_WORDS =
      List.of("jobs/", "mvn ", "python3 ", "java ", "hdfs ", "databricks ", "spark-submit ");

  /** Options whose values the runs may read: they must be embedded data or earlier outputs. */
  private static final Set<String> INPUT_OPTIONS =
      Set.of("--data", "--in", "--inspect", "--classes", "--idx-dir", "--model");

  /** Of those, the options whose values are always paths (the others when they look like one). */
  private static final Set<String> PATH_OPTIONS =
      Set.of("--data", "--in", "--inspect", "--idx-dir");

  /** Options whose values are written: moved into a temporary folder. */
  private static final Set<String> OUTPUT_OPTIONS = Set.of("--out", "--json");

  @TempDir static Path tmp;
  private static Path tinyHome;

  @BeforeAll
  static void tinyData() throws IOException {
    tinyHome = TinyData.write(ROOT, tmp.resolve("home"), 3);
  }

  @Test
  void everyCliOptionIsInCliMdAndEveryRowIsAnOption() {
    Markdown cli = Markdown.read(ROOT, "docs/cli.md");
    Map<String, Markdown.Section> sections = cli.sections();
    List<String> problems = new ArrayList<>();
    CommandLine main = Main.commandLine();
    checkCommand(cli, sections, "gaze", main.getCommandSpec(), true, problems);
    for (Map.Entry<String, CommandLine> e : main.getSubcommands().entrySet()) {
      if (e.getValue().getCommand() instanceof CommandLine.HelpCommand) {
        continue;
      }
      CommandSpec spec = e.getValue().getCommandSpec();
      checkCommand(cli, sections, "gaze " + e.getKey(), spec, false, problems);
      if (spec.options().stream().noneMatch(OptionSpec::usageHelp)
          || spec.options().stream().noneMatch(OptionSpec::versionHelp)) {
        problems.add(
            cli.name
                + ": says every command takes --help and --version, but gaze "
                + e.getKey()
                + " lacks one; list them in its table");
      }
    }
    for (String heading : sections.keySet()) {
      if (heading.startsWith("gaze ")
          && !main.getSubcommands().containsKey(heading.substring(5).trim())) {
        problems.add(
            cli.name
                + ":"
                + sections.get(heading).line()
                + ": section `## "
                + heading
                + "` names no command of gaze; remove it");
      }
    }
    assertThat(problems).as(String.join("\n", problems)).isEmpty();
  }

  private static void checkCommand(
      Markdown cli,
      Map<String, Markdown.Section> sections,
      String heading,
      CommandSpec spec,
      boolean top,
      List<String> problems) {
    String command = heading.equals("gaze") ? "gaze" : heading.substring(5);
    Map<String, String> expected = new TreeMap<>();
    for (OptionSpec o : spec.options()) {
      if (!top && (o.usageHelp() || o.versionHelp())) {
        continue;
      }
      expected.put(o.longestName(), defaultCell(o));
    }
    Markdown.Section section = sections.get(heading);
    if (section == null) {
      problems.add(
          cli.name
              + ": command "
              + command
              + " has no section; add `## "
              + heading
              + "` with a table | option | default | meaning | of "
              + String.join(", ", expected.keySet()));
      return;
    }
    Map<String, String> documented = new LinkedHashMap<>();
    Map<String, String> rowSection = new LinkedHashMap<>();
    optionRows(section, documented, rowSection);
    for (String anchor : section.anchors()) {
      sections.values().stream()
          .filter(
              s -> s.heading().startsWith("Shared:") && Markdown.slug(s.heading()).equals(anchor))
          .forEach(s -> optionRows(s, documented, rowSection));
    }
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String doc = documented.get(e.getKey());
      if (doc == null) {
        problems.add(
            cli.name
                + ": command "
                + command
                + " lacks option "
                + e.getKey()
                + " (add a row `| `"
                + e.getKey()
                + "` | "
                + e.getValue()
                + " | ... |` to the table under `## "
                + heading
                + "`)");
      } else if (!doc.equals(e.getValue())) {
        problems.add(
            cli.name
                + ": command "
                + command
                + ", option "
                + e.getKey()
                + ": the default column says "
                + doc
                + ", the code's default is "
                + e.getValue()
                + " (its row is under `## "
                + rowSection.get(e.getKey())
                + "`)");
      }
    }
    for (String option : documented.keySet()) {
      if (!expected.containsKey(option)) {
        problems.add(
            cli.name
                + ": command "
                + command
                + " lists option "
                + option
                + ", which `"
                + heading
                + " --help` does not have; remove its row under `## "
                + rowSection.get(option)
                + "`");
      }
    }
  }

  private static void optionRows(
      Markdown.Section section, Map<String, String> into, Map<String, String> where) {
    Optional<Markdown.Table> table = section.table("option");
    table.ifPresent(
        t -> {
          for (List<String> row : t.rows()) {
            String name = Markdown.code(row.get(0)).split(" ")[0];
            into.put(name, row.size() > 1 ? row.get(1) : "");
            where.put(name, section.heading());
          }
        });
  }

  private static String defaultCell(OptionSpec o) {
    if (o.required()) {
      return "required";
    }
    return o.defaultValue() == null ? "-" : "`" + o.defaultValue() + "`";
  }

  @Test
  void findingKindsAndThresholdDefaultsMatchFindingsMd() throws IllegalAccessException {
    Markdown doc = Markdown.read(ROOT, "docs/findings.md");
    Map<String, Markdown.Section> sections = doc.sections();
    List<String> problems = new ArrayList<>();
    List<String> kinds =
        Optional.ofNullable(sections.get("Kinds"))
            .flatMap(s -> s.table("kind"))
            .map(Markdown.Table::keys)
            .orElse(List.of());
    for (String kind : Findings.KINDS) {
      if (!kinds.contains(kind)) {
        problems.add(
            doc.name
                + ": finding kind "
                + kind
                + " (dev.gaze.findings.Findings.KINDS) lacks a row in the table under `## Kinds`;"
                + " add `| `"
                + kind
                + "` | what is reported | severity |`");
      }
    }
    for (String kind : kinds) {
      if (!Findings.KINDS.contains(kind)) {
        problems.add(
            doc.name + ": `## Kinds` lists " + kind + ", which Findings.KINDS does not have");
      }
    }
    Map<String, List<String>> thresholds = new LinkedHashMap<>();
    Optional.ofNullable(sections.get("Thresholds"))
        .flatMap(s -> s.table("option"))
        .ifPresent(t -> t.rows().forEach(r -> thresholds.put(Markdown.code(r.get(0)), r)));
    CommandSpec analyze = Main.commandLine().getSubcommands().get("analyze").getCommandSpec();
    Set<String> fromCode = new LinkedHashSet<>();
    for (Field f : FindingOptions.class.getFields()) {
      if (!Modifier.isStatic(f.getModifiers()) || !f.getName().startsWith("DEFAULT_")) {
        continue;
      }
      String option =
          "--"
              + f.getName()
                  .substring("DEFAULT_".length())
                  .toLowerCase(Locale.ROOT)
                  .replace('_', '-');
      fromCode.add(option);
      double value = ((Number) f.get(null)).doubleValue();
      OptionSpec spec = analyze.findOption(option);
      String kind = spec == null ? "?" : String.join(" ", spec.description()).split(":")[0].trim();
      if (spec == null) {
        problems.add(
            "FindingOptions."
                + f.getName()
                + " has no option "
                + option
                + " on analyze (cli.FindingThresholds)");
      }
      List<String> row = thresholds.get(option);
      if (row == null) {
        problems.add(
            doc.name
                + ": threshold "
                + option
                + " (FindingOptions."
                + f.getName()
                + " = "
                + f.get(null)
                + ", kind "
                + kind
                + ") lacks a row in the table under `## Thresholds`; add `| `"
                + option
                + "` | `"
                + f.get(null)
                + "` | `"
                + kind
                + "` | meaning |`");
        continue;
      }
      String cell = row.size() > 1 ? Markdown.code(row.get(1)) : "";
      double documented;
      try {
        documented = Double.parseDouble(cell);
      } catch (NumberFormatException e) {
        documented = Double.NaN;
      }
      if (documented != value) {
        problems.add(
            doc.name
                + ": threshold "
                + option
                + " has default "
                + cell
                + " in `## Thresholds`, FindingOptions."
                + f.getName()
                + " is "
                + f.get(null));
      }
      String docKind = row.size() > 2 ? Markdown.code(row.get(2)) : "";
      if (spec != null && !docKind.equals(kind)) {
        problems.add(
            doc.name
                + ": threshold "
                + option
                + " is for kind "
                + docKind
                + " in `## Thresholds`, its --help says "
                + kind);
      }
    }
    for (String option : thresholds.keySet()) {
      if (!fromCode.contains(option)) {
        problems.add(
            doc.name
                + ": `## Thresholds` lists "
                + option
                + ", which has no FindingOptions.DEFAULT_* constant; remove its row");
      }
    }
    assertThat(problems).as(String.join("\n", problems)).isEmpty();
  }

  @Test
  void everyTableWrittenAndRunJsonKeyIsInOutputTablesMd() throws IOException {
    SparkSession spark = TestSpark.session();
    String data = tinyHome.resolve(TinyData.DATASET).resolve("test-000000.tar.gz").toString();
    Map<String, Map<String, String>> written = new TreeMap<>();
    Set<String> runKeys = new LinkedHashSet<>();
    for (String model : List.of("demo-cnn", "demo-vit")) {
      Path out = tmp.resolve("tables-" + model);
      Gaze.analyze(
          spark,
          AnalysisConfig.builder(data).model(model).keepPerImage(true).out(out.toString()).build());
      try (Stream<Path> dirs = Files.list(out)) {
        for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
          boolean parquet;
          try (Stream<Path> files = Files.walk(dir, 2)) {
            // A table's files, or those of its partition folders (per_image/split=N/).
            parquet = files.anyMatch(p -> p.toString().endsWith(".parquet"));
          }
          if (parquet) {
            Map<String, String> columns = new LinkedHashMap<>();
            flatten("", spark.read().parquet(dir.toString()).schema(), columns);
            written.merge(dir.getFileName().toString(), columns, (a, b) -> a);
          }
        }
      }
      JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
      run.fieldNames().forEachRemaining(runKeys::add);
    }
    // what the runs must have written for this check to mean anything
    assertThat(written.keySet())
        .contains("activation_stats", "confusion", "errors", "findings", "per_image")
        .contains("attention_stats", "attention_rollout", "head_similarity", "class_images");

    Markdown doc = Markdown.read(ROOT, "docs/output-tables.md");
    Map<String, Markdown.Section> sections = doc.sections();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> table : written.entrySet()) {
      String name = table.getKey();
      Optional<Markdown.Table> t =
          Optional.ofNullable(sections.get(name)).flatMap(s -> s.table("column"));
      if (t.isEmpty()) {
        StringBuilder rows = new StringBuilder();
        table
            .getValue()
            .forEach((c, type) -> rows.append(" `").append(c).append("` ").append(type));
        problems.add(
            doc.name
                + ": table "
                + name
                + " is written but has no `## "
                + name
                + "` section with a table | column | type | meaning |; its columns:"
                + rows);
        continue;
      }
      Map<String, String> documented = new LinkedHashMap<>();
      for (List<String> row : t.get().rows()) {
        documented.put(Markdown.code(row.get(0)), row.size() > 1 ? Markdown.code(row.get(1)) : "");
      }
      table
          .getValue()
          .forEach(
              (column, type) -> {
                String docType = documented.get(column);
                if (docType == null) {
                  problems.add(
                      doc.name
                          + ": table "
                          + name
                          + " lacks column "
                          + column
                          + " (add `| `"
                          + column
                          + "` | `"
                          + type
                          + "` | meaning |` under `## "
                          + name
                          + "`)");
                } else if (!docType.equals(type)) {
                  problems.add(
                      doc.name
                          + ": table "
                          + name
                          + ", column "
                          + column
                          + " is "
                          + type
                          + " in the table written, the page says "
                          + docType);
                }
              });
      for (String column : documented.keySet()) {
        if (!table.getValue().containsKey(column)) {
          problems.add(
              doc.name
                  + ": table "
                  + name
                  + " lists column "
                  + column
                  + ", which the runs did not write; remove its row");
        }
      }
    }
    for (Markdown.Section s : sections.values()) {
      if (s.table("column").isPresent() && !written.containsKey(s.heading())) {
        problems.add(
            doc.name
                + ":"
                + s.line()
                + ": `## "
                + s.heading()
                + "` documents a table that the demo-cnn and demo-vit runs did not write");
      }
    }
    List<String> documentedKeys =
        Optional.ofNullable(sections.get("run.json"))
            .flatMap(s -> s.table("key"))
            .map(Markdown.Table::keys)
            .orElse(List.of());
    for (String key : runKeys) {
      if (!documentedKeys.contains(key)) {
        problems.add(
            doc.name
                + ": run.json key "
                + key
                + " lacks a row in the table under `## run.json` (add `| `"
                + key
                + "` | meaning |`)");
      }
    }
    for (String key : documentedKeys) {
      if (!runKeys.contains(key)) {
        problems.add(
            doc.name + ": `## run.json` lists key " + key + ", which run.json does not have");
      }
    }
    assertThat(problems).as(String.join("\n", problems)).isEmpty();
  }

  /** Columns as {@code name -> type}, nested struct fields as {@code column[].field}. */
  static void flatten(String prefix, StructType struct, Map<String, String> into) {
    for (StructField f : struct.fields()) {
      String name = prefix + f.name();
      into.put(name, typeName(f.dataType()));
      DataType t = f.dataType();
      String nested = name + ".";
      while (t instanceof ArrayType a) {
        t = a.elementType();
        nested = name + "[].";
      }
      if (t instanceof StructType s) {
        flatten(nested, s, into);
      }
    }
  }

  private static String typeName(DataType t) {
    if (t instanceof StructType) {
      return "struct";
    }
    if (t instanceof ArrayType a) {
      return "array<" + typeName(a.elementType()) + ">";
    }
    return t.simpleString();
  }

  @Test
  void packageImportsAreTheOnesArchitectureMdAllows() throws IOException {
    Markdown doc = Markdown.read(ROOT, "docs/architecture.md");
    String heading = "Who may call whom";
    Map<String, Set<String>> allowed = new TreeMap<>();
    Optional.ofNullable(doc.sections().get(heading))
        .flatMap(s -> s.table("package"))
        .ifPresent(
            t -> {
              for (List<String> row : t.rows()) {
                Set<String> may = new TreeSet<>(Markdown.codes(row.size() > 1 ? row.get(1) : ""));
                Markdown.codes(row.get(0)).forEach(p -> allowed.put(p, may));
              }
            });
    Map<String, Map<String, String>> imports = new TreeMap<>();
    Path main = ROOT.resolve("src/main/java/dev/gaze");
    Pattern ref = Pattern.compile("\\bdev\\.gaze\\.(Gaze\\b|[a-z]+(?=\\.))");
    try (Stream<Path> files = Files.walk(main)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        Path rel = main.relativize(f);
        String pkg = rel.getNameCount() == 1 ? "Gaze" : rel.getName(0).toString();
        Map<String, String> uses = imports.computeIfAbsent(pkg, k -> new TreeMap<>());
        for (String line : Files.readAllLines(f)) {
          String t = line.trim();
          if (t.startsWith("*") || t.startsWith("/*") || t.startsWith("//")) {
            continue;
          }
          Matcher m = ref.matcher(t);
          while (m.find()) {
            if (!m.group(1).equals(pkg)) {
              uses.putIfAbsent(m.group(1), rel.toString());
            }
          }
        }
      }
    }
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> e : imports.entrySet()) {
      Set<String> may = allowed.get(e.getKey());
      if (may == null) {
        problems.add(
            doc.name
                + ": package "
                + e.getKey()
                + " has no row in the table under `## "
                + heading
                + "`; add `| `"
                + e.getKey()
                + "` | "
                + String.join(", ", e.getValue().keySet())
                + " |`");
        continue;
      }
      e.getValue()
          .forEach(
              (used, where) -> {
                if (!may.contains(used)) {
                  problems.add(
                      doc.name
                          + ": package "
                          + e.getKey()
                          + " uses dev.gaze."
                          + used
                          + " ("
                          + where
                          + "), which the table under `## "
                          + heading
                          + "` does not allow; allow it there or remove the dependency");
                }
              });
      for (String m : may) {
        if (!e.getValue().containsKey(m)) {
          problems.add(
              doc.name
                  + ": `## "
                  + heading
                  + "` lets "
                  + e.getKey()
                  + " use "
                  + m
                  + ", which no class of "
                  + e.getKey()
                  + " uses; remove it from the row");
        }
      }
    }
    for (String pkg : allowed.keySet()) {
      if (!imports.containsKey(pkg)) {
        problems.add(
            doc.name + ": `## " + heading + "` has a row for " + pkg + ", no such package");
      }
    }
    assertThat(problems).as(String.join("\n", problems)).isEmpty();
  }

  @Test
  void everyRelativeLinkReachesAFileAndHeading() throws IOException {
    List<String> problems = new ArrayList<>();
    Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    for (String page : pages()) {
      Markdown doc = Markdown.read(ROOT, page);
      Path dir = ROOT.resolve(page).getParent();
      for (int i = 0; i < doc.lines.size(); i++) {
        Matcher m = link.matcher(doc.lines.get(i));
        while (m.find()) {
          String target = m.group(1);
          if (target.matches("[a-z]+:.*")) {
            continue;
          }
          String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
          String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
          Path resolved = file.isEmpty() ? ROOT.resolve(page) : dir.resolve(file).normalize();
          if (!Files.exists(resolved)) {
            problems.add(page + ":" + (i + 1) + ": link " + target + " reaches no file");
          } else if (anchor != null && resolved.toString().endsWith(".md")) {
            Markdown to = Markdown.read(ROOT, ROOT.relativize(resolved).toString());
            boolean found =
                to.lines.stream()
                    .filter(l -> l.startsWith("#"))
                    .map(l -> Markdown.slug(l.replaceFirst("^#+", "")))
                    .anyMatch(anchor::equals);
            if (!found) {
              problems.add(
                  page + ":" + (i + 1) + ": link " + target + " names no heading of " + file);
            }
          }
        }
      }
    }
    assertThat(problems).as(String.join("\n", problems)).isEmpty();
  }

  private static List<String> pages() throws IOException {
    List<String> pages = new ArrayList<>();
    pages.add("README.md");
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.map(p -> "docs/" + p.getFileName())
          .filter(p -> p.endsWith(".md"))
          .sorted()
          .forEach(pages::add);
    }
    return pages;
  }

  @Test
  void everyShellBlockRunsOnTheEmbeddedDataOrIsAnExample() throws IOException {
    List<String> pages = pages();
    List<String> problems = new ArrayList<>();
    int ran = 0;
    int examples = 0;
    String home = System.getProperty("gaze.home");
    System.setProperty("gaze.home", tinyHome.toString());
    try {
      for (String page : pages) {
        Markdown doc = Markdown.read(ROOT, page);
        Map<String, String> outputs = new LinkedHashMap<>();
        Path work = Files.createDirectories(tmp.resolve("sh").resolve(page.replace('/', '-')));
        for (Markdown.Block block : doc.blocks()) {
          if (block.lang().isEmpty()) {
            untaggedCommands(doc, block, problems);
            continue;
          }
          if (!block.lang().equals("sh") && !block.lang().equals("bash")) {
            continue;
          }
          if (!block.lines().isEmpty() && block.lines().get(0).startsWith(EXAMPLE)) {
            if (block.lines().get(0).substring(EXAMPLE.length()).isBlank()) {
              problems.add(
                  page
                      + ":"
                      + block.line()
                      + ": `# example:` needs a reason (a cluster, your data, ...)");
            }
            examples++;
            continue;
          }
          for (ShellLines.Command c : ShellLines.parse(block.lines(), block.line())) {
            String problem = runnable(c, outputs);
            if (problem != null) {
              problems.add(
                  page
                      + ":"
                      + c.line()
                      + ": `"
                      + c.text()
                      + "` "
                      + problem
                      + "; make it run on the embedded data, or start its block with `"
                      + EXAMPLE
                      + " <why>`");
              continue;
            }
            String failure = run(c, outputs, work);
            ran++;
            if (failure != null) {
              problems.add(page + ":" + c.line() + ": `" + c.text() + "` failed: " + failure);
            }
          }
        }
      }
    } finally {
      if (home == null) {
        System.clearProperty("gaze.home");
      } else {
        System.setProperty("gaze.home", home);
      }
    }
    assertThat(problems).as(String.join("\n", problems)).isEmpty();
    // the README's demo at least, and the reference pages' commands
    assertThat(ran).isGreaterThanOrEqualTo(10);
    assertThat(examples).isGreaterThanOrEqualTo(5);
  }

  private static void untaggedCommands(Markdown doc, Markdown.Block block, List<String> problems) {
    if (doc.name.equals("docs/performance.md")) {
      // its blocks record the commands behind its measured figures (minutes each), as they were run
      return;
    }
    for (int i = 0; i < block.lines().size(); i++) {
      String l = block.lines().get(i);
      if (COMMAND_WORDS.stream().anyMatch(l::startsWith)) {
        problems.add(
            doc.name
                + ":"
                + (block.line() + i)
                + ": a command in a block with no language; make the block ```sh (run by the docs"
                + " test, or `"
                + EXAMPLE
                + " <why>`), or show it as a transcript line `$ ...`");
      }
    }
  }

  /** Why the docs test cannot run {@code c} as written, or null when it can. */
  private static String runnable(ShellLines.Command c, Map<String, String> outputs) {
    if (c.unsupported() != null) {
      return "uses " + c.unsupported();
    }
    if (c.words().isEmpty() || !c.words().get(0).equals("jobs/gaze")) {
      return "is not a jobs/gaze command";
    }
    Iterator<String> it = c.words().iterator();
    while (it.hasNext()) {
      String w = it.next();
      String option = w.contains("=") ? w.substring(0, w.indexOf('=')) : w;
      if (!INPUT_OPTIONS.contains(option)) {
        continue;
      }
      String value =
          w.contains("=") ? w.substring(w.indexOf('=') + 1) : it.hasNext() ? it.next() : "";
      boolean path = PATH_OPTIONS.contains(option) || value.contains("/") || value.contains(".");
      if (path
          && !value.startsWith(TinyData.DATASET)
          && outputs.keySet().stream().noneMatch(value::startsWith)) {
        return "reads "
            + value
            + ", which is neither the embedded data nor written by an earlier"
            + " command of this page";
      }
    }
    for (int i = 0; i < c.words().size() - 1; i++) {
      if (OUTPUT_OPTIONS.contains(c.words().get(i))) {
        outputs.putIfAbsent(c.words().get(i + 1), "");
      }
    }
    return null;
  }

  /** Runs {@code c} in-process; null when it exits 0, else why not. */
  private static String run(ShellLines.Command c, Map<String, String> outputs, Path work) {
    List<String> args = new ArrayList<>(c.words().subList(1, c.words().size()));
    if (!args.isEmpty() && args.get(0).equals("demo") && !args.contains("--out")) {
      args.add("--out");
      args.add("out/demo");
      outputs.putIfAbsent("out/demo", "");
    }
    List<Path> written = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String w = args.get(i);
      if (i > 0 && OUTPUT_OPTIONS.contains(args.get(i - 1))) {
        String mapped = outputs.get(w);
        if (mapped == null || mapped.isEmpty()) {
          mapped =
              work.resolve("o" + outputs.size() + "-" + w.replaceAll("[^A-Za-z0-9.-]", "_"))
                  .toString();
          outputs.put(w, mapped);
        }
        written.add(Path.of(mapped));
      }
      args.set(i, rewrite(w, outputs));
    }
    TestSpark.session();
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    long start = System.nanoTime();
    int code = cli.execute(args.toArray(new String[0]));
    System.out.printf(
        Locale.ROOT,
        "DocsTest: gaze %s: exit %d in %.1f s%n",
        String.join(" ", args),
        code,
        (System.nanoTime() - start) / 1e9);
    if (code != 0) {
      String text = out.toString().strip();
      return "exit "
          + code
          + " running gaze "
          + String.join(" ", args)
          + ": "
          + text.substring(Math.max(0, text.length() - 2000));
    }
    for (Path p : written) {
      if (!Files.exists(p)) {
        return "exit 0 but it did not write " + p;
      }
    }
    return null;
  }

  private static String rewrite(String word, Map<String, String> outputs) {
    if (word.startsWith(TinyData.DATASET)) {
      return tinyHome.resolve(word).toString();
    }
    String best = null;
    for (String from : outputs.keySet()) {
      if (word.startsWith(from)
          && !outputs.get(from).isEmpty()
          && (best == null || from.length() > best.length())) {
        best = from;
      }
    }
    return best == null ? word : outputs.get(best) + word.substring(best.length());
  }
}
