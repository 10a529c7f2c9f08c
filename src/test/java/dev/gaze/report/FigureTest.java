package dev.gaze.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Dimension;
import org.junit.jupiter.api.Test;

class FigureTest {

  @Test
  void sizeFitsTheWiderOfHeadingAndContentPlusTheMargin() {
    String title = "a fairly long title for a figure";
    int headingWidth = Text.width(title, Text.TITLE);

    Dimension narrow = Figure.size(title, "", 40, 100);
    assertThat(narrow.width).isEqualTo(Figure.MARGIN + headingWidth + Figure.MARGIN);
    assertThat(narrow.height).isEqualTo(100 + Figure.MARGIN);

    Dimension wide = Figure.size(title, "", headingWidth + 500, 7);
    assertThat(wide.width).isEqualTo(headingWidth + 500 + Figure.MARGIN);
  }

  @Test
  void labelEveryLeavesAtLeastOneSmallLineOfRoomPerLabel() {
    int line = Text.height(Text.SMALL) + 1;
    for (int rowHeight = 1; rowHeight <= 2 * line + 3; rowHeight++) {
      int every = Figure.labelEvery(rowHeight);
      assertThat(every * rowHeight).as("rows of %d px", rowHeight).isGreaterThanOrEqualTo(line);
      assertThat((every - 1) * rowHeight).as("rows of %d px", rowHeight).isLessThan(line);
    }
  }
}
