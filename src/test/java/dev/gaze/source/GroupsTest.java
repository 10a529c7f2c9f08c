package dev.gaze.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GroupsTest {

  @Test
  void groupsAreContiguousNearEqualAndCoverEverything() {
    for (int n = 0; n <= 40; n++) {
      List<Integer> items = IntStream.range(0, n).boxed().toList();
      for (int k = 1; k <= 12; k++) {
        List<List<Integer>> groups = Groups.contiguous(items, k);
        assertThat(groups).hasSize(Math.min(n, k));
        List<Integer> joined = new ArrayList<>();
        groups.forEach(joined::addAll);
        assertThat(joined).isEqualTo(items);
        int min = groups.stream().mapToInt(List::size).min().orElse(0);
        int max = groups.stream().mapToInt(List::size).max().orElse(0);
        assertThat(max - min).isLessThanOrEqualTo(1);
        assertThat(groups).noneMatch(List::isEmpty);
      }
    }
  }

  @Test
  void tenIntoThree() {
    List<Integer> items = IntStream.range(0, 10).boxed().toList();
    assertThat(Groups.contiguous(items, 3))
        .containsExactly(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7, 8, 9));
  }

  @Test
  void needsAtLeastOneGroup() {
    assertThatThrownBy(() -> Groups.contiguous(List.of(1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }
}
