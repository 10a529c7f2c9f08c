package dev.gaze.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BracesTest {

  @Test
  void paddedRangeKeepsWidth() {
    List<String> paths = Braces.expand("s3a://b/train-{000000..000146}.tar");
    assertThat(paths).hasSize(147);
    assertThat(paths.get(0)).isEqualTo("s3a://b/train-000000.tar");
    assertThat(paths.get(9)).isEqualTo("s3a://b/train-000009.tar");
    assertThat(paths.get(146)).isEqualTo("s3a://b/train-000146.tar");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i <= 146; i++) {
      expected.add(String.format("s3a://b/train-%06d.tar", i));
    }
    assertThat(paths).isEqualTo(expected);
  }

  @Test
  void unpaddedRangeCountsUpWithoutPadding() {
    assertThat(Braces.expand("x{8..11}.tar"))
        .containsExactly("x8.tar", "x9.tar", "x10.tar", "x11.tar");
  }

  @Test
  void paddingComesFromEitherBound() {
    assertThat(Braces.expand("{08..10}")).containsExactly("08", "09", "10");
    assertThat(Braces.expand("{1..003}")).containsExactly("001", "002", "003");
  }

  @Test
  void descendingRangeCountsDown() {
    assertThat(Braces.expand("{3..1}")).containsExactly("3", "2", "1");
  }

  @Test
  void listAndNestingAndSeveralGroups() {
    assertThat(Braces.expand("{a,b}-{0..1}")).containsExactly("a-0", "a-1", "b-0", "b-1");
    assertThat(Braces.expand("d/{x,y{1..2}}.tar"))
        .containsExactly("d/x.tar", "d/y1.tar", "d/y2.tar");
    assertThat(Braces.expand("{a,}z")).containsExactly("az", "z");
  }

  @Test
  void noBracesIsItself() {
    assertThat(Braces.expand("data/*.tar")).containsExactly("data/*.tar");
    assertThat(Braces.hasBraces("data/*.tar")).isFalse();
  }

  @Test
  void malformedGroupsAreRejectedWithThePattern() {
    assertThatThrownBy(() -> Braces.expand("a{0..3.tar"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a{0..3.tar'")
        .hasMessageContaining("without a matching '}'");
    assertThatThrownBy(() -> Braces.expand("a}{1,2}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without a matching '{'");
    assertThatThrownBy(() -> Braces.expand("a{b}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("neither a list");
    assertThatThrownBy(() -> Braces.expand("{0..9999999}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than");
  }
}
