package dev.gaze.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the docs test reads the commands of a {@code sh} block. */
class ShellLinesTest {

  @Test
  void continuationsQuotesAndCommentsAreReadAsTheShellWould() {
    List<ShellLines.Command> commands =
        ShellLines.parse(
            List.of(
                "# a comment line",
                "jobs/gaze analyze --data 'data/x-{000000..000001}.tar' \\",
                "  --out \"/tmp/a b\"   # trailing comment",
                "",
                "jobs/gaze models"),
            10);
    assertThat(commands).hasSize(2);
    assertThat(commands.get(0).words())
        .containsExactly(
            "jobs/gaze", "analyze", "--data", "data/x-{000000..000001}.tar", "--out", "/tmp/a b");
    assertThat(commands.get(0).line()).isEqualTo(11);
    assertThat(commands.get(0).unsupported()).isNull();
    assertThat(commands.get(1).words()).containsExactly("jobs/gaze", "models");
    assertThat(commands.get(1).line()).isEqualTo(14);
  }

  @Test
  void whatTheTestCannotRunAsWrittenIsNamed() {
    assertThat(one("jobs/gaze analyze --data data/x-{0..1}.tar").unsupported())
        .contains("unquoted pattern ({)");
    assertThat(one("jobs/gaze analyze --data shards/*.tar").unsupported())
        .contains("unquoted pattern (*)");
    assertThat(one("GAZE_DEBUG=1 jobs/gaze models").unsupported())
        .contains("environment assignment");
    assertThat(one("jobs/gaze models | head").unsupported()).contains("shell syntax (|)");
    assertThat(one("jobs/gaze analyze --out \"$HOME/x\"").unsupported()).contains("expansion");
    assertThat(one("jobs/gaze analyze --data 'shards/*.tar'").unsupported()).isNull();
  }

  private static ShellLines.Command one(String line) {
    List<ShellLines.Command> c = ShellLines.parse(List.of(line), 1);
    assertThat(c).hasSize(1);
    return c.get(0);
  }
}
