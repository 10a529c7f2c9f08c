package dev.gaze.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gaze.image.Interpolation;
import dev.gaze.image.ResizePolicy;
import org.junit.jupiter.api.Test;

class ExportManifestTest {

  private static String manifest(String classes, String interpolation, String tapKind) {
    return """
        {"format": "gaze-hooked-torchscript/1", "sha256": "ABC", "num_classes": 1000,
         "input": {"channels": 3, "height": 224, "width": 224, "resize": 256,
                   "policy": "shorter_side_then_center_crop", "interpolation": "%s",
                   "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]},
         "classes": %s, "logits": "logits", "golden": "m.golden.json",
         "taps": [{"name": "stem", "output": "act.stem", "kind": "activation",
                   "shape": [64, 56, 56], "non_negative": true},
                  {"name": "block1.attn", "output": "attn.block1", "kind": "%s",
                   "shape": [4, 50, 50]}]}
        """
        .formatted(interpolation, classes, tapKind);
  }

  @Test
  void parsesInputClassesAndTaps() {
    ExportManifest m =
        ExportManifest.parse(manifest("\"imagenet-1k\"", "bilinear", "attention"), "m");
    assertThat(m.sha256()).isEqualTo("abc");
    assertThat(m.imageNet1k()).isTrue();
    assertThat(m.input().resizeTo()).isEqualTo(256);
    assertThat(m.input().policy()).isEqualTo(ResizePolicy.SHORTER_SIDE_THEN_CENTER_CROP);
    assertThat(m.input().mean()).containsExactly(0.485f, 0.456f, 0.406f);
    assertThat(m.taps())
        .containsExactly(
            TapSpec.reluActivation("stem", 64, 56, 56), TapSpec.attention("block1.attn", 4, 50));
    assertThat(m.outputOf("block1.attn")).isEqualTo("attn.block1");
  }

  @Test
  void interpolationComesFromTheManifest() {
    assertThat(
            ExportManifest.parse(manifest("null", "bicubic", "attention"), "m")
                .input()
                .interpolation())
        .isEqualTo(Interpolation.BICUBIC);
    assertThat(
            ExportManifest.parse(manifest("null", "bilinear", "attention"), "m")
                .input()
                .interpolation())
        .isEqualTo(Interpolation.BILINEAR);
  }

  @Test
  void problemsAreOneLineNamingTheManifest() {
    assertThatThrownBy(() -> ExportManifest.parse(manifest("null", "lanczos", "attention"), "m"))
        .hasMessage("manifest m: input.interpolation 'lanczos' is not one of bilinear, bicubic");
    assertThatThrownBy(() -> ExportManifest.parse(manifest("null", "bilinear", "tokens"), "m"))
        .hasMessage(
            "manifest m: tap 'block1.attn' has kind 'tokens'; valid: activation, attention");
    assertThatThrownBy(
            () -> ExportManifest.parse(manifest("[\"a\"]", "bilinear", "attention"), "m"))
        .hasMessage("manifest m: classes lists 1 names for 1000 classes");
    assertThatThrownBy(() -> ExportManifest.parse("{\"format\": \"x\"}", "m"))
        .hasMessageContaining("has format 'x'");
  }
}
