package dev.gaze.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DecodedImageTest {

  @Test
  void planarLayoutAndImmutability() {
    float[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    DecodedImage img = new DecodedImage(2, 2, 3, v);
    assertThat(img.get(0, 0, 1)).isEqualTo(2);
    assertThat(img.get(1, 1, 0)).isEqualTo(7);
    assertThat(img.get(2, 1, 1)).isEqualTo(12);
    v[0] = 99;
    img.pixels()[1] = 99;
    assertThat(img.pixels()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
  }

  @Test
  void inconsistentSizesAreRefused() {
    assertThatThrownBy(() -> new DecodedImage(2, 2, 3, new float[11]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 3x2x2 = 12 values, got 11");
    assertThatThrownBy(() -> new DecodedImage(2, 2, 4, new float[16]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DecodedImage(0, 2, 1, new float[0]))
        .isInstanceOf(IllegalArgumentException.class);
    DecodedImage img = new DecodedImage(1, 1, 1, new float[1]);
    assertThatThrownBy(() -> img.get(0, 1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
