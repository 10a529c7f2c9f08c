package dev.gaze.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardPathsTest {

  @TempDir Path dir;
  private final Configuration conf = new Configuration();

  @BeforeEach
  void shards() throws IOException {
    for (String name :
        List.of(
            "s-000000.tar",
            "s-000001.tar",
            "s-000002.tar",
            "b.tar.gz",
            "c.TGZ",
            "notes.txt",
            "classes.txt")) {
      Files.write(dir.resolve(name), new byte[] {1});
    }
    Files.createDirectories(dir.resolve("sub"));
    Files.write(dir.resolve("sub/deep.tar"), new byte[] {1});
  }

  private String uri(String name) {
    return "file:" + dir.resolve(name);
  }

  @Test
  void paddedRangeOfExistingShardsIsQualified() {
    List<String> paths = ShardPaths.expand(dir + "/s-{000000..000002}.tar", conf);
    assertThat(paths)
        .containsExactly(uri("s-000000.tar"), uri("s-000001.tar"), uri("s-000002.tar"));
  }

  @Test
  void rangeWithMissingShardNamesItAndTheCount() {
    assertThatThrownBy(() -> ShardPaths.expand(dir + "/s-{000000..000004}.tar", conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names 2 path(s) that do not exist")
        .hasMessageContaining("s-000003.tar")
        .hasMessageContaining("expected shard files");
  }

  @Test
  void listKeepsItsOrderAndDropsRepeats() {
    assertThat(ShardPaths.expand(dir + "/{s-000002.tar,b.tar.gz,s-000002.tar}", conf))
        .containsExactly(uri("s-000002.tar"), uri("b.tar.gz"));
  }

  @Test
  void globMatchesFilesSorted() {
    assertThat(ShardPaths.expand(dir + "/s-*.tar", conf))
        .containsExactly(uri("s-000000.tar"), uri("s-000001.tar"), uri("s-000002.tar"));
    assertThat(ShardPaths.expand(dir + "/s-00000?.tar", conf)).hasSize(3);
    assertThat(ShardPaths.expand(dir + "/*/deep.tar", conf)).containsExactly(uri("sub/deep.tar"));
  }

  @Test
  void globWithNoMatchIsAnError() {
    assertThatThrownBy(() -> ShardPaths.expand(dir + "/x-*.tar", conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no file matches")
        .hasMessageContaining("x-*.tar");
  }

  @Test
  void folderGivesItsTarFilesOnlySorted() {
    assertThat(ShardPaths.expand(dir.toString(), conf))
        .containsExactly(
            uri("b.tar.gz"),
            uri("c.TGZ"),
            uri("s-000000.tar"),
            uri("s-000001.tar"),
            uri("s-000002.tar"));
    assertThat(ShardPaths.expand("file://" + dir + "/", conf)).hasSize(5);
  }

  @Test
  void folderWithoutShardsAndMissingPathsAreErrors() throws IOException {
    Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> ShardPaths.expand(dir + "/empty", conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds no .tar, .tar.gz or .tgz shards");
    assertThatThrownBy(() -> ShardPaths.expand(dir + "/nope/x.tar", conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("do not exist")
        .hasMessageContaining("nope/x.tar");
    assertThatThrownBy(() -> ShardPaths.expand(" ", conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void aLiteralFileIsTakenWhateverItsName() {
    assertThat(ShardPaths.expand(dir + "/notes.txt", conf)).containsExactly(uri("notes.txt"));
  }
}
