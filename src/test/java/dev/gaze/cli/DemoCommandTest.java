package dev.gaze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoCommandTest {

  @Test
  void demoVitRunGoesBesideTheDemoCnnRun() {
    assertThat(DemoCommand.siblingOut("out/demo", "demo-vit")).isEqualTo("out/demo-vit");
    assertThat(DemoCommand.siblingOut("out/demo/", "demo-vit")).isEqualTo("out/demo-vit");
    assertThat(DemoCommand.siblingOut("/tmp/x", "demo-vit")).isEqualTo("/tmp/x-vit");
    assertThat(DemoCommand.siblingOut("run", "demo-vit")).isEqualTo("run-vit");
    assertThat(DemoCommand.siblingOut("/tmp/a-vit", "demo-vit")).isEqualTo("/tmp/a-vit-2");
  }
}
