package dev.gaze.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileNamesTest {

  @Test
  void keepsOnlySafeCharacters() {
    assertThat(FileNames.tapStem(0, "layer3.1.relu")).isEqualTo("tap-01-layer3.1.relu");
    assertThat(FileNames.tapStem(11, "../../etc/passwd")).isEqualTo("tap-12-etc_passwd");
    assertThat(FileNames.tapStem(2, "a b/<c>\"d\u00e9")).isEqualTo("tap-03-a_b_c_d_");
    assertThat(FileNames.tapStem(0, "///")).isEqualTo("tap-01-tap");
    assertThat(FileNames.tapStem(0, "x".repeat(300))).hasSize("tap-01-".length() + 60);
    assertThat(FileNames.tapStem(0, "a\u0000b:c*?|")).matches("[A-Za-z0-9._-]+");
  }
}
