package dev.gaze.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gaze.image.InputSpec;
import dev.gaze.image.Interpolation;
import dev.gaze.image.ResizePolicy;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The manifest {@code tools/export_hooked.py} writes beside a hooked TorchScript file ({@code
 * NAME.manifest.json} beside {@code NAME.pt}): the input the model expects, its class names, and
 * every tap with the dictionary key the module returns it under, its kind and its per-image shape.
 *
 * @param sha256 the hex SHA-256 of the {@code .pt} file it describes
 * @param description one line for {@code gaze models --inspect}
 * @param source where the model came from ({@code torchvision:resnet50})
 * @param torchVersion the PyTorch version that exported it
 * @param input the input and its preprocessing
 * @param numClasses the length of the logits
 * @param imageNet1k whether the classes are ImageNet-1k's, in the standard order
 * @param classNames the class names the manifest lists (empty when none, or when {@code
 *     imageNet1k})
 * @param logitsOutput the dictionary key of the logits
 * @param taps every tap, in forward order
 * @param outputs the dictionary key of each tap, in the order of {@code taps}
 * @param golden the file name of the golden outputs, beside the manifest, or null
 */
public record ExportManifest(
    String sha256,
    String description,
    String source,
    String torchVersion,
    InputSpec input,
    int numClasses,
    boolean imageNet1k,
    List<String> classNames,
    String logitsOutput,
    List<TapSpec> taps,
    List<String> outputs,
    String golden)
    implements Serializable {

  /** The {@code format} value this reader understands. */
  public static final String FORMAT = "gaze-hooked-torchscript/1";

  /** Copies the lists. */
  public ExportManifest {
    classNames = List.copyOf(classNames);
    taps = List.copyOf(taps);
    outputs = List.copyOf(outputs);
  }

  /** The dictionary key that holds tap {@code tap}. */
  public String outputOf(String tap) {
    for (int i = 0; i < taps.size(); i++) {
      if (taps.get(i).name().equals(tap)) {
        return outputs.get(i);
      }
    }
    throw new IllegalArgumentException("no tap '" + tap + "' in the manifest");
  }

  /**
   * Parses a manifest.
   *
   * @param json the manifest's text
   * @param where the manifest's path, for messages
   * @throws IllegalArgumentException with one line naming the file and what is wrong
   */
  public static ExportManifest parse(String json, String where) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "manifest "
              + where
              + " is not valid JSON: "
              + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("manifest " + where + " is not a JSON object");
    }
    Reader r = new Reader(root, where);
    String format = r.text(root, "format");
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException(
          "manifest " + where + " has format '" + format + "'; this Gaze reads " + FORMAT);
    }
    InputSpec input = r.input(r.object(root, "input"));
    int numClasses = r.positiveInt(root, "num_classes");
    JsonNode classes = root.path("classes");
    boolean imageNet = classes.isTextual() && classes.asText().equals("imagenet-1k");
    List<String> names = new ArrayList<>();
    if (classes.isArray()) {
      classes.forEach(n -> names.add(n.asText()));
      if (names.size() != numClasses) {
        throw r.bad("classes lists " + names.size() + " names for " + numClasses + " classes");
      }
    } else if (!imageNet && !classes.isNull() && !classes.isMissingNode()) {
      throw r.bad("classes must be \"imagenet-1k\", a list of names or null");
    }
    if (imageNet && numClasses != 1000) {
      throw r.bad("classes is imagenet-1k but num_classes is " + numClasses);
    }
    List<TapSpec> taps = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    JsonNode tapList = root.path("taps");
    if (!tapList.isArray()) {
      throw r.bad("taps must be a list");
    }
    for (JsonNode t : tapList) {
      TapSpec tap = r.tap(t);
      if (!seen.add(tap.name())) {
        throw r.bad("tap '" + tap.name() + "' is listed twice");
      }
      taps.add(tap);
      outputs.add(r.text(t, "output"));
    }
    String golden = root.path("golden").isTextual() ? root.path("golden").asText() : null;
    return new ExportManifest(
        r.text(root, "sha256").toLowerCase(Locale.ROOT),
        root.path("description").asText(""),
        sourceOf(root.path("source")),
        root.path("torch_version").asText("?"),
        input,
        numClasses,
        imageNet,
        names,
        root.path("logits").asText("logits"),
        taps,
        outputs,
        golden);
  }

  private static String sourceOf(JsonNode source) {
    if (!source.isObject()) {
      return source.asText("?");
    }
    return source.path("kind").asText("?") + ":" + source.path("name").asText("?");
  }

  /** Field access with one-line errors naming the manifest. */
  private record Reader(JsonNode root, String where) {

    IllegalArgumentException bad(String problem) {
      return new IllegalArgumentException("manifest " + where + ": " + problem);
    }

    JsonNode object(JsonNode node, String field) {
      JsonNode v = node.path(field);
      if (!v.isObject()) {
        throw bad("'" + field + "' is missing or not an object");
      }
      return v;
    }

    String text(JsonNode node, String field) {
      JsonNode v = node.path(field);
      if (!v.isTextual() || v.asText().isBlank()) {
        throw bad("'" + field + "' is missing or not a string");
      }
      return v.asText();
    }

    int positiveInt(JsonNode node, String field) {
      JsonNode v = node.path(field);
      if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() <= 0) {
        throw bad("'" + field + "' must be a positive integer, got " + v);
      }
      return v.asInt();
    }

    float[] floats(JsonNode node, String field, int count) {
      JsonNode v = node.path(field);
      if (!v.isArray() || v.size() != count) {
        throw bad("input." + field + " must list " + count + " numbers, got " + v);
      }
      float[] out = new float[count];
      for (int i = 0; i < count; i++) {
        if (!v.get(i).isNumber()) {
          throw bad("input." + field + " must list numbers, got " + v);
        }
        out[i] = (float) v.get(i).asDouble();
      }
      return out;
    }

    InputSpec input(JsonNode in) {
      int channels = positiveInt(in, "channels");
      String policy = in.path("policy").asText("shorter_side_then_center_crop");
      ResizePolicy resize;
      switch (policy) {
        case "shorter_side_then_center_crop" -> resize = ResizePolicy.SHORTER_SIDE_THEN_CENTER_CROP;
        case "stretch" -> resize = ResizePolicy.STRETCH;
        default ->
            throw bad(
                "input.policy '"
                    + policy
                    + "' is not one of shorter_side_then_center_crop, stretch");
      }
      String name = in.path("interpolation").asText("bilinear");
      Interpolation interpolation;
      switch (name) {
        case "bilinear" -> interpolation = Interpolation.BILINEAR;
        case "bicubic" -> interpolation = Interpolation.BICUBIC;
        default -> throw bad("input.interpolation '" + name + "' is not one of bilinear, bicubic");
      }
      try {
        return new InputSpec(
            channels,
            positiveInt(in, "height"),
            positiveInt(in, "width"),
            positiveInt(in, "resize"),
            resize,
            floats(in, "mean", channels),
            floats(in, "std", channels),
            interpolation);
      } catch (IllegalArgumentException e) {
        throw bad("input: " + e.getMessage());
      }
    }

    TapSpec tap(JsonNode t) {
      String name = text(t, "name");
      String kind = text(t, "kind");
      JsonNode shape = t.path("shape");
      long[] dims = new long[shape.size()];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = shape.get(i).asLong();
        if (dims[i] <= 0) {
          throw bad("tap '" + name + "' has a non-positive dimension in " + shape);
        }
      }
      switch (kind) {
        case "activation" -> {
          if (dims.length != 3) {
            throw bad("activation tap '" + name + "' must have shape [C, H, W], got " + shape);
          }
          return new TapSpec(
              name, TapKind.ACTIVATION, dims, t.path("non_negative").asBoolean(false));
        }
        case "attention" -> {
          if (dims.length != 3 || dims[1] != dims[2]) {
            throw bad("attention tap '" + name + "' must have shape [heads, T, T], got " + shape);
          }
          return TapSpec.attention(name, (int) dims[0], (int) dims[1]);
        }
        default ->
            throw bad("tap '" + name + "' has kind '" + kind + "'; valid: activation, attention");
      }
    }
  }
}
