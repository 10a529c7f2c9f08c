package dev.gaze.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ModelCacheTest {

  @Test
  void oneInstancePerNameAndDevice() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Callable<HookedModel> get = () -> ModelCache.get("demo-cnn", Device.cpu());
      List<Future<HookedModel>> all = pool.invokeAll(List.of(get, get, get, get));
      HookedModel first = all.get(0).get();
      for (Future<HookedModel> f : all) {
        assertThat(f.get()).isSameAs(first);
      }
      assertThat(ModelCache.get("demo-cnn", Device.cpu())).isSameAs(first);
      assertThat(first.info().name()).isEqualTo("demo-cnn");
      assertThat(first.device()).isEqualTo(Device.cpu());
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void unknownName() {
    assertThatThrownBy(() -> ModelCache.get("x", Device.cpu()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown model 'x'; valid: demo-cnn, demo-vit");
  }
}
