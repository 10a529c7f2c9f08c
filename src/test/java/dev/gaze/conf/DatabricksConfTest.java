package dev.gaze.conf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Databricks definitions in {@code conf/databricks/}: every JSON file parses, has the keys its
 * API needs and says what the issue asks (GPU ML runtime, dedicated mode, Photon off, GPU
 * scheduling, RAPIDS, Gaze's JAR); every placeholder is explained in the folder's README.
 */
class DatabricksConfTest {

  private static final Path DIR =
      Path.of(System.getProperty("gaze.home", "."), "conf", "databricks");
  private static final Pattern PLACEHOLDER = Pattern.compile("__[A-Z][A-Z0-9_]*__");
  private static final Pattern JOB_REFERENCE = Pattern.compile("\\{\\{([^}]*)}}");
  private static final Pattern SUSPICIOUS =
      Pattern.compile("(?i)<[^>]*>|\\bTODO\\b|\\bCHANGE[_ ]?ME\\b|\\bFIXME\\b|\\bxxx\\b|\\.\\.\\.");

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void clusterIsAGpuMlRuntimeInDedicatedModeWithoutPhoton() throws IOException {
    JsonNode cluster = read("gpu-cluster.json");
    requireKeys(cluster, "cluster_name", "spark_version", "node_type_id", "num_workers");
    assertCluster(cluster);
  }

  @Test
  void jobRunsAnalyzeAsAJarTaskOnSuchACluster() throws IOException {
    JsonNode job = read("analyze-job.json");
    requireKeys(job, "name", "tasks", "job_clusters", "parameters");
    JsonNode task = job.path("tasks").get(0);
    requireKeys(task, "task_key", "spark_jar_task", "libraries", "job_cluster_key");
    assertThat(task.path("spark_jar_task").path("main_class_name").asText())
        .isEqualTo("dev.gaze.cli.Main");
    List<String> parameters = new ArrayList<>();
    task.path("spark_jar_task").path("parameters").forEach(p -> parameters.add(p.asText()));
    assertThat(parameters.get(0)).isEqualTo("analyze");
    assertThat(parameters).contains("--data", "--out");
    assertJarLibrary(task.path("libraries"));

    JsonNode cluster = null;
    for (JsonNode c : job.path("job_clusters")) {
      if (c.path("job_cluster_key").asText().equals(task.path("job_cluster_key").asText())) {
        cluster = c.path("new_cluster");
      }
    }
    assertThat(cluster).as("the task's job cluster").isNotNull();
    requireKeys(cluster, "spark_version", "node_type_id", "num_workers");
    assertCluster(cluster);

    Set<String> defined = new HashSet<>();
    job.path("parameters").forEach(p -> defined.add("job.parameters." + p.path("name").asText()));
    for (String text : strings(job)) {
      Matcher m = JOB_REFERENCE.matcher(text);
      while (m.find()) {
        assertThat(defined)
            .as("job parameter referenced as {{%s}}", m.group(1))
            .contains(m.group(1));
      }
    }
  }

  @Test
  void librariesNameGazesJarAndItsDependencies() throws IOException {
    JsonNode libraries = read("gpu-cluster-libraries.json");
    requireKeys(libraries, "cluster_id", "libraries");
    assertJarLibrary(libraries.path("libraries"));
  }

  @Test
  void everyPlaceholderIsExplainedAndNothingElseLooksLikeOne() throws IOException {
    String readme = Files.readString(DIR.resolve("README.md"));
    List<Path> files;
    try (Stream<Path> list = Files.list(DIR)) {
      files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).hasSize(3);
    for (Path file : files) {
      for (String text : strings(json.readTree(file.toFile()))) {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
          assertThat(readme)
              .as("%s uses %s; conf/databricks/README.md must explain it", file, m.group())
              .contains("| `" + m.group() + "` |");
        }
        assertThat(SUSPICIOUS.matcher(JOB_REFERENCE.matcher(text).replaceAll("")).find())
            .as("%s: '%s' looks like an unfinished value", file.getFileName(), text)
            .isFalse();
      }
    }
  }

  @Test
  void initScriptInstallsTheRapidsJarAndIsValidBash() throws Exception {
    Path script = DIR.resolve("install-rapids.sh");
    String text = Files.readString(script);
    assertThat(text)
        .startsWith("#!/bin/bash")
        .contains("rapids-4-spark_2.12")
        .contains("/databricks/jars");
    assertThat(Files.isExecutable(script)).isTrue();
    Process bash =
        new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
    String output = new String(bash.getInputStream().readAllBytes());
    assertThat(bash.waitFor()).as(output).isZero();
    for (String name : List.of("gpu-cluster.json", "analyze-job.json")) {
      assertThat(read(name).toString()).as(name).contains("install-rapids.sh");
    }
  }

  private static void assertCluster(JsonNode cluster) {
    assertThat(cluster.path("spark_version").asText())
        .matches("\\d+\\.\\d+\\.x-gpu-ml-scala2\\.12");
    assertThat(cluster.path("data_security_mode").asText()).isEqualTo("SINGLE_USER");
    assertThat(cluster.path("single_user_name").asText()).isNotBlank();
    assertThat(cluster.path("runtime_engine").asText()).isEqualTo("STANDARD"); // Photon off
    JsonNode conf = cluster.path("spark_conf");
    assertThat(conf.path("spark.executor.resource.gpu.amount").asText()).isEqualTo("1");
    double task = Double.parseDouble(conf.path("spark.task.resource.gpu.amount").asText());
    assertThat(task).isGreaterThan(0).isLessThanOrEqualTo(1);
    assertThat(conf.path("spark.plugins").asText()).isEqualTo("com.nvidia.spark.SQLPlugin");
    assertThat(conf.path("spark.driver.extraJavaOptions").asText()).contains("-Dgaze.home=");
    assertThat(cluster.path("init_scripts")).isNotEmpty();
  }

  private static void assertJarLibrary(JsonNode libraries) {
    List<String> jars = new ArrayList<>();
    List<String> maven = new ArrayList<>();
    libraries.forEach(
        l -> {
          if (l.has("jar")) {
            jars.add(l.path("jar").asText());
          }
          if (l.has("maven")) {
            maven.add(l.path("maven").path("coordinates").asText());
          }
        });
    assertThat(jars).anyMatch(j -> j.endsWith("/gaze.jar"));
    assertThat(maven)
        .contains("ai.djl:api:0.36.0", "ai.djl.pytorch:pytorch-engine:0.36.0")
        .allMatch(c -> c.matches("[\\w.-]+:[\\w.-]+:[\\w.-]+"));
  }

  private JsonNode read(String name) throws IOException {
    return json.readTree(DIR.resolve(name).toFile());
  }

  private static void requireKeys(JsonNode node, String... keys) {
    for (String key : keys) {
      assertThat(node.has(key)).as("key %s in %s", key, node).isTrue();
    }
  }

  /** Every string value in {@code node}, depth first. */
  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      out.add(node.asText());
    }
    node.forEach(child -> out.addAll(strings(child)));
    return out;
  }
}
