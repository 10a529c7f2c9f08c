package dev.gaze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code gaze --version} names Gaze, Java, Spark (with Scala), DJL and libtorch, and the libtorch
 * it names without loading the engine is the one the engine reports once loaded.
 */
class VersionTest {

  @Test
  void versionNamesGazeSparkDjlAndTheLibtorchTheEngineLoads() {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    int code = cli.execute("--version");
    assertThat(code).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).startsWith("gaze ");
    assertThat(lines.get(1)).startsWith("java " + System.getProperty("java.version") + " (");
    assertThat(lines.get(2))
        .isEqualTo(
            "spark "
                + org.apache.spark.package$.MODULE$.SPARK_VERSION()
                + " (scala "
                + scala.util.Properties.versionNumberString()
                + ")");
    assertThat(lines.get(3)).isEqualTo("djl " + Engine.getDjlVersion());
    // read from the native jar's properties; the engine, loaded here, must report the same version
    String engine = Engine.getEngine("PyTorch").getVersion();
    assertThat(lines.get(4)).startsWith("libtorch " + engine + "-").contains("(cpu, linux-x86_64)");
  }

  @Test
  void subcommandsPrintTheSameVersion() {
    StringWriter top = new StringWriter();
    CommandLine a = Main.commandLine();
    a.setOut(new PrintWriter(top, true));
    a.execute("-V");
    StringWriter sub = new StringWriter();
    CommandLine b = Main.commandLine();
    b.setOut(new PrintWriter(sub, true));
    assertThat(b.execute("analyze", "--version")).isZero();
    assertThat(sub.toString()).isEqualTo(top.toString()).isNotBlank();
  }
}
