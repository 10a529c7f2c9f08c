package dev.gaze.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.gaze.image.ResizePolicy;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BuiltinModelsTest {

  @Test
  void describesDemoCnn() {
    ModelInfo info = BuiltinModels.describe("demo-cnn").orElseThrow();
    assertThat(info.name()).isEqualTo("demo-cnn");
    assertThat(info.numClasses()).isEqualTo(10);
    assertThat(info.input().channels()).isEqualTo(1);
    assertThat(info.input().height()).isEqualTo(28);
    assertThat(info.input().width()).isEqualTo(28);
    assertThat(info.input().resizeTo()).isEqualTo(28);
    assertThat(info.input().policy()).isEqualTo(ResizePolicy.SHORTER_SIDE_THEN_CENTER_CROP);
    assertThat(info.input().mean()).containsExactly(0.2860f);
    assertThat(info.input().std()).containsExactly(0.3530f);
    assertThat(info.taps())
        .containsExactly(
            TapSpec.reluActivation("stem", 32, 28, 28),
            TapSpec.reluActivation("stage1", 32, 28, 28),
            TapSpec.reluActivation("stage2", 64, 14, 14),
            TapSpec.reluActivation("stage3", 128, 7, 7));
    assertThat(BuiltinModels.all()).containsExactly(info, DemoVit.info());
  }

  @Test
  void unknownNames() {
    assertThat(BuiltinModels.describe("x")).isEmpty();
    assertThatThrownBy(() -> BuiltinModels.load("x", Device.cpu()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown model 'x'; valid: demo-cnn, demo-vit");
    assertThatThrownBy(() -> BuiltinModels.require("resnet"))
        .hasMessage("unknown model 'resnet'; valid: demo-cnn, demo-vit");
  }

  @Test
  void rejectsAFileOfAnotherKind(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.params");
    java.nio.file.Files.write(bad, new byte[] {7, 0, 0, 0, 0});
    assertThatThrownBy(() -> BuiltinModels.load("demo-cnn", bad, Device.cpu()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not parameters of 'demo-cnn'");
  }

  /** Child-first loader over the test class path that can tell which classes it has loaded. */
  private static final class IsolatedLoader extends URLClassLoader {
    IsolatedLoader(URL[] urls) {
      super(urls, ClassLoader.getPlatformClassLoader());
    }

    boolean loaded(String name) {
      return findLoadedClass(name) != null;
    }
  }

  @Test
  void describeStartsNoEngine() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      urls.add(Path.of(entry).toUri().toURL());
    }
    try (IsolatedLoader loader = new IsolatedLoader(urls.toArray(URL[]::new))) {
      Class<?> models = loader.loadClass(BuiltinModels.class.getName());
      Object result = models.getMethod("describe", String.class).invoke(null, "demo-cnn");
      assertThat((Optional<?>) result).isPresent();
      assertThat(loader.loaded(BuiltinModels.class.getName())).isTrue();
      assertThat(loader.loaded("ai.djl.engine.Engine")).isFalse();
      assertThat(loader.loaded("ai.djl.ndarray.NDManager")).isFalse();
      assertThat(loader.loaded("ai.djl.pytorch.engine.PtEngine")).isFalse();
    }
  }
}
