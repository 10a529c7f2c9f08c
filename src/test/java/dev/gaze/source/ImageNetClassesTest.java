package dev.gaze.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageNetClassesTest {

  @Test
  void thousandNamesInTheStandardOrder() {
    ClassNames names = ImageNetClasses.names();
    assertThat(names.size()).isEqualTo(1000);
    assertThat(names.nameOf(0)).isEqualTo("tench");
    assertThat(names.nameOf(1)).isEqualTo("goldfish");
    assertThat(names.nameOf(207)).isEqualTo("golden retriever");
    assertThat(names.nameOf(999)).isEqualTo("toilet tissue");
  }
}
