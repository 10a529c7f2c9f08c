package dev.gaze.model;

import dev.gaze.image.InputSpec;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * What is known of a model without running it: enough to validate a command line before any engine
 * or Spark starts.
 *
 * @param name the model's name ({@code demo-cnn})
 * @param description one line for {@code gaze models}
 * @param input the input the model expects
 * @param numClasses the length of its logits
 * @param taps every tap it can expose, in forward order
 */
public record ModelInfo(
    String name, String description, InputSpec input, int numClasses, List<TapSpec> taps)
    implements Serializable {

  /** Copies the tap list. */
  public ModelInfo {
    taps = List.copyOf(taps);
  }

  /** The tap of that name, if the model has one. */
  public Optional<TapSpec> tap(String tapName) {
    return taps.stream().filter(t -> t.name().equals(tapName)).findFirst();
  }

  /** The names of the taps whose values are never negative (ReLU outputs). */
  public java.util.Set<String> nonNegativeTaps() {
    return taps.stream()
        .filter(TapSpec::nonNegative)
        .map(TapSpec::name)
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /** The names of all taps, in forward order. */
  public List<String> tapNames() {
    return taps.stream().map(TapSpec::name).toList();
  }
}
