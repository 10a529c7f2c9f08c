package dev.gaze.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gaze.config.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputDirectoryTest {

  @TempDir Path tmp;

  private static long entries(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  @Test
  void nothingIsVisibleUntilCommit() throws Exception {
    Path out = tmp.resolve("run");
    OutputDirectory dir = OutputDirectory.check(out.toString(), false, new Configuration());
    dir.writeText("table/part-0", "rows");
    dir.writeText("run.json", "{}");
    assertThat(out).doesNotExist();
    dir.commit();
    assertThat(out.resolve("run.json")).hasContent("{}");
    assertThat(out.resolve("table/part-0")).hasContent("rows");
    assertThat(entries(tmp)).isEqualTo(1);
  }

  @Test
  void abortLeavesNoTrace() throws Exception {
    OutputDirectory dir =
        OutputDirectory.check(tmp.resolve("run").toString(), false, new Configuration());
    dir.writeText("table/part-0", "rows");
    dir.abort();
    assertThat(entries(tmp)).isZero();
  }

  @Test
  void refusesAnExistingDirectoryUnlessOverwriting() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("run"));
    Files.writeString(out.resolve("old.txt"), "old");
    assertThatThrownBy(() -> OutputDirectory.check(out.toString(), false, new Configuration()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("already exists")
        .hasMessageContaining("--overwrite");

    OutputDirectory dir = OutputDirectory.check(out.toString(), true, new Configuration());
    dir.writeText("run.json", "new");
    assertThat(out.resolve("old.txt")).exists();
    dir.commit();
    assertThat(out.resolve("old.txt")).doesNotExist();
    assertThat(out.resolve("run.json")).hasContent("new");
    assertThat(entries(tmp)).isEqualTo(1);
  }

  @Test
  void refusesAFile() throws Exception {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertThatThrownBy(() -> OutputDirectory.check(file.toString(), true, new Configuration()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("is a file");
  }
}
