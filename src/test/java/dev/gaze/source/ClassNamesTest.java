package dev.gaze.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassNamesTest {

  private final Configuration conf = new Configuration();

  @Test
  void textOneNameALineTrailingBlankLinesIgnored() {
    ClassNames names = ClassNames.parseLines("\uFEFFcat\r\ndog \n T-shirt/top\n\n \n", "c.txt");
    assertThat(names.names()).containsExactly("cat", "dog", "T-shirt/top");
    assertThat(names.nameOf(1)).isEqualTo("dog");
    assertThat(names.nameOf(3)).isEqualTo("3");
    assertThat(names.nameOf(-1)).isEqualTo("-1");
  }

  @Test
  void blankLineInsideIsAnError() {
    assertThatThrownBy(() -> ClassNames.parseLines("a\n\nb\n", "c.txt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("c.txt line 2 is blank; expected one class name a line");
  }

  @Test
  void jsonArrayAndObjectAndImageNetStyleEntries() {
    assertThat(ClassNames.parseJson("[\"a\", \"b\"]", "c.json").names()).containsExactly("a", "b");
    assertThat(ClassNames.parseJson("{\"1\": \"b\", \"0\": \"a\", \"2\": \"c\"}", "c.json").names())
        .containsExactly("a", "b", "c");
    assertThat(
            ClassNames.parseJson(
                    "{\"0\": [\"n01440764\", \"tench\"], \"1\": [\"n01443537\", \"goldfish\"]}",
                    "c.json")
                .names())
        .containsExactly("tench", "goldfish");
  }

  @Test
  void badJsonIsReportedWithTheFile() {
    assertThatThrownBy(() -> ClassNames.parseJson("{\"0\": \"a\", \"2\": \"c\"}", "x.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("x.json has no entry \"1\"; expected keys 0 to 1");
    assertThatThrownBy(() -> ClassNames.parseJson("{\"zero\": \"a\"}", "x.json"))
        .hasMessageContaining("key \"zero\"");
    assertThatThrownBy(() -> ClassNames.parseJson("[1, 2]", "x.json"))
        .hasMessageContaining("entry 0 is not a class name");
    assertThatThrownBy(() -> ClassNames.parseJson("\"a\"", "x.json"))
        .hasMessageContaining("must hold a JSON array");
    assertThatThrownBy(() -> ClassNames.parseJson("[\"a\"", "x.json"))
        .hasMessageStartingWith("x.json is not valid JSON");
  }

  @Test
  void foundBesideTheDataTextBeforeJson(@TempDir Path dir) throws IOException {
    assertThat(ClassNames.findIn(dir.toString(), conf).isEmpty()).isTrue();
    Files.writeString(dir.resolve("classes.json"), "[\"j0\", \"j1\"]");
    assertThat(ClassNames.findIn(dir.toString(), conf).names()).containsExactly("j0", "j1");
    Files.writeString(dir.resolve("classes.txt"), "t0\nt1\nt2\n");
    assertThat(ClassNames.findIn(dir.toString(), conf).names()).containsExactly("t0", "t1", "t2");
  }

  @Test
  void explicitFileByExtension(@TempDir Path dir) throws IOException {
    Path json = dir.resolve("names.json");
    Files.writeString(json, "{\"0\": \"x\"}");
    assertThat(ClassNames.fromFile(json.toString(), conf).names()).containsExactly("x");
    Path txt = dir.resolve("names.lst");
    Files.writeString(txt, "[\"not json here\"]\n");
    assertThat(ClassNames.fromFile(txt.toString(), conf).names())
        .containsExactly("[\"not json here\"]");
    assertThatThrownBy(() -> ClassNames.fromFile(dir.resolve("missing.txt").toString(), conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void noneGivesIdsAndEqualityIsByNames() {
    assertThat(ClassNames.none().nameOf(7)).isEqualTo("7");
    assertThat(ClassNames.of(java.util.List.of("a"))).isEqualTo(ClassNames.parseLines("a", "t"));
  }
}
