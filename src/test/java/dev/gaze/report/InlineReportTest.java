package dev.gaze.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InlineReportTest {

  @TempDir Path dir;

  @Test
  void embedsTheReportsOwnPngsAndDropsLinksToThem() throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
    Files.write(dir.resolve("tap-00-stem-spatial.png"), png);
    String html =
        "<a href=\"tap-00-stem-spatial.png\"><img src=\"tap-00-stem-spatial.png\" alt=\"x\"></a>"
            + "<img src=\"https://example.org/a.png\"><img src=\"../up.png\">";
    String inlined = InlineReport.embed(html, dir);
    assertThat(inlined)
        .contains("src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\"")
        .contains("href=\"#tap-00-stem-spatial.png\"")
        .contains("src=\"https://example.org/a.png\"")
        .contains("src=\"../up.png\"")
        .doesNotContain("src=\"tap-00");
  }

  @Test
  void aMissingPngIsAnError() {
    assertThatThrownBy(() -> InlineReport.embed("<img src=\"gone.png\">", dir))
        .isInstanceOf(NoSuchFileException.class);
  }
}
