package dev.gaze.model;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * The floating-point type of a model's parameters and input. {@code fp16} is for GPUs only; {@code
 * bf16} is refused because casting to it on the CPU kills the JVM in DJL 0.36.
 */
public enum Precision {
  /** 32-bit floats, the default, everywhere. */
  FP32(DataType.FLOAT32),
  /** 16-bit floats, GPUs only. */
  FP16(DataType.FLOAT16);

  private final DataType dataType;

  Precision(DataType dataType) {
    this.dataType = dataType;
  }

  /** DJL's data type for this precision. */
  public DataType dataType() {
    return dataType;
  }

  /** The lower-case name used on the command line and in {@code run.json}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code fp32} or {@code fp16} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the valid values, and why {@code bf16} is not one
   */
  public static Precision parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    switch (t) {
      case "fp32":
        return FP32;
      case "fp16":
        return FP16;
      case "bf16":
        throw new IllegalArgumentException(
            "--precision bf16 is not supported (casting to bfloat16 on the CPU kills the JVM in"
                + " DJL 0.36); valid: fp32, fp16");
      default:
        throw new IllegalArgumentException(
            "--precision '" + text + "' is not a precision; valid: fp32, fp16 (GPUs only)");
    }
  }
}
