package dev.gaze.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What determines a run's results, recorded in {@code run.json} under {@code "fingerprint"}: the
 * model's identity, the analysed taps, the preprocessing, the precision, the class names, the
 * dataset's listing (every shard or file with its size and modification time) and the version of
 * Gaze's statistics. Two runs with equal fingerprints compute the same tables; {@link
 * #firstDifference} says in one line what differs when they do not.
 *
 * <p>{@code analyze --resume} needs all of it equal; {@code merge} needs all but the listing equal
 * ({@link #firstDifferenceExceptListing}) and listings that share nothing ({@link #sharedEntry}).
 * Pure values, readable and writable as JSON without Spark.
 *
 * @param statisticsVersion {@link #STATISTICS_VERSION} of the Gaze that wrote it
 * @param model the model's identity
 * @param taps the analysed taps, in forward order
 * @param preprocessing what the images go through before the model
 * @param precision {@code fp32} or {@code fp16}
 * @param classNames the class names, in id order
 * @param listing the dataset's units (shards, Parquet files, ImageFolder class folders) in order
 */
public record RunFingerprint(
    int statisticsVersion,
    ModelIdentity model,
    List<String> taps,
    Preprocessing preprocessing,
    String precision,
    List<String> classNames,
    List<Entry> listing) {

  /**
   * The version of the statistics Gaze computes: bump it whenever a table's values would change for
   * the same model and data (a reduction, an aggregation or a table's meaning) or the staged rows a
   * resumed run reuses change their layout, so that no run resumes or merges across the change. 2:
   * tasks stage dataset-wide partial rows beside the per-class ones.
   */
  public static final int STATISTICS_VERSION = 2;

  /** Copies the lists and checks that nothing is missing. */
  public RunFingerprint {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(preprocessing, "preprocessing");
    Objects.requireNonNull(precision, "precision");
    taps = List.copyOf(taps);
    classNames = List.copyOf(classNames);
    listing = List.copyOf(listing);
  }

  /**
   * Which model: a built-in one by name plus the SHA-256 of its committed weights, or an exported
   * file by the SHA-256 of its bytes (wherever the file lies).
   *
   * @param name the built-in name or the {@code .pt} path as given
   * @param builtin whether it is a built-in model
   * @param sha256 hex SHA-256 of the weights resource or of the {@code .pt} file
   */
  public record ModelIdentity(String name, boolean builtin, String sha256) {

    /** Checks the fields. */
    public ModelIdentity {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(sha256, "sha256");
    }

    private String describe() {
      return builtin ? name + " (built in)" : name + " (file)";
    }

    private Optional<String> difference(ModelIdentity o) {
      if (builtin != o.builtin || (builtin && !name.equals(o.name))) {
        return Optional.of("model differs: " + describe() + " vs " + o.describe());
      }
      if (!sha256.equals(o.sha256)) {
        return Optional.of(
            (builtin ? "weights of " + name + " differ" : "model file differs")
                + ": sha256 "
                + shortHash(sha256)
                + " vs "
                + shortHash(o.sha256));
      }
      return Optional.empty();
    }
  }

  /**
   * The preprocessing: the model's input spec and the pixel guard, as plain values.
   *
   * @param channels 1 or 3
   * @param height input height
   * @param width input width
   * @param resizeTo the shorter-side size before a centre crop
   * @param policy the resize policy, lower case
   * @param interpolation the resize filter's label
   * @param mean per-channel mean
   * @param std per-channel standard deviation
   * @param maxPixels the decoded-pixel limit past which an image becomes an errors row
   */
  public record Preprocessing(
      int channels,
      int height,
      int width,
      int resizeTo,
      String policy,
      String interpolation,
      List<Float> mean,
      List<Float> std,
      long maxPixels) {

    /** Copies the lists. */
    public Preprocessing {
      mean = List.copyOf(mean);
      std = List.copyOf(std);
    }

    private Optional<String> difference(Preprocessing o) {
      String[][] fields = {
        {
          "input size",
          channels + "x" + height + "x" + width,
          o.channels + "x" + o.height + "x" + o.width
        },
        {"resize size", String.valueOf(resizeTo), String.valueOf(o.resizeTo)},
        {"resize policy", policy, o.policy},
        {"interpolation", interpolation, o.interpolation},
        {"normalisation mean", mean.toString(), o.mean.toString()},
        {"normalisation std", std.toString(), o.std.toString()},
        {"max pixels", String.valueOf(maxPixels), String.valueOf(o.maxPixels)}
      };
      for (String[] f : fields) {
        if (!f[1].equals(f[2])) {
          return Optional.of("preprocessing differs: " + f[0] + " " + f[1] + " vs " + f[2]);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * One unit of the dataset's listing.
   *
   * @param kind {@code shard} (WebDataset), {@code file} (Parquet) or {@code folder} (an
   *     ImageFolder class folder, whose files are summarised)
   * @param path the fully qualified path
   * @param size bytes (a folder: of all its files)
   * @param modified modification time in epoch milliseconds (a folder: its newest file's)
   * @param files 1, or a folder's number of files
   * @param digest a folder's SHA-256 over its files' relative paths, sizes and times; empty for a
   *     shard or a file
   */
  public record Entry(
      String kind, String path, long size, long modified, long files, String digest) {

    /** Checks the fields. */
    public Entry {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(path, "path");
      digest = digest == null ? "" : digest;
    }

    /** A shard or file entry. */
    public static Entry file(String kind, String path, long size, long modified) {
      return new Entry(kind, path, size, modified, 1, "");
    }

    private Optional<String> change(Entry now) {
      String what = kind + " " + path + " changed: ";
      if (!kind.equals(now.kind)) {
        return Optional.of(what + "was a " + kind + ", now a " + now.kind);
      }
      if (files != now.files) {
        return Optional.of(what + "files " + files + " -> " + now.files);
      }
      if (size != now.size) {
        return Optional.of(what + "size " + size + " -> " + now.size);
      }
      if (modified != now.modified) {
        return Optional.of(
            what
                + "modified "
                + Instant.ofEpochMilli(modified)
                + " -> "
                + Instant.ofEpochMilli(now.modified));
      }
      if (!digest.equals(now.digest)) {
        return Optional.of(
            what + "listing sha256 " + shortHash(digest) + " -> " + shortHash(now.digest));
      }
      return Optional.empty();
    }
  }

  /**
   * The first difference between this fingerprint and {@code other}, as one line (this run's value
   * first, {@code other}'s second), or empty when they are equal.
   */
  public Optional<String> firstDifference(RunFingerprint other) {
    Optional<String> d = firstDifferenceExceptListing(other);
    return d.isPresent() ? d : listingDifference(other);
  }

  /**
   * The first difference other than in the dataset's listing: what must be equal for two runs'
   * tables to be merged.
   */
  public Optional<String> firstDifferenceExceptListing(RunFingerprint other) {
    if (statisticsVersion != other.statisticsVersion) {
      return Optional.of(
          "statistics version differs: "
              + statisticsVersion
              + " vs "
              + other.statisticsVersion
              + " (written by Gazes that compute the tables differently)");
    }
    Optional<String> d = model.difference(other.model);
    if (d.isPresent()) {
      return d;
    }
    if (!taps.equals(other.taps)) {
      return Optional.of("taps differ: " + taps + " vs " + other.taps);
    }
    d = preprocessing.difference(other.preprocessing);
    if (d.isPresent()) {
      return d;
    }
    if (!precision.equals(other.precision)) {
      return Optional.of("precision differs: " + precision + " vs " + other.precision);
    }
    return classDifference(other.classNames);
  }

  private Optional<String> classDifference(List<String> others) {
    if (classNames.size() != others.size()) {
      return Optional.of(
          "class names differ: "
              + classNames.size()
              + " classes "
              + abbreviate(classNames)
              + " vs "
              + others.size()
              + " "
              + abbreviate(others));
    }
    for (int i = 0; i < classNames.size(); i++) {
      if (!classNames.get(i).equals(others.get(i))) {
        return Optional.of(
            "class names differ: class "
                + i
                + " is '"
                + classNames.get(i)
                + "' vs '"
                + others.get(i)
                + "'");
      }
    }
    return Optional.empty();
  }

  private static String abbreviate(List<String> names) {
    return names.size() <= 4
        ? names.toString()
        : "[" + String.join(", ", names.subList(0, 3)) + ", ...]";
  }

  /**
   * The first difference between the listings: an entry changed, gone from {@code other}, or new in
   * it; entries are matched by path, so the same units in another order are equal.
   */
  public Optional<String> listingDifference(RunFingerprint other) {
    Map<String, Entry> now = new HashMap<>();
    for (Entry e : other.listing) {
      now.put(e.path(), e);
    }
    for (Entry e : listing) {
      Entry n = now.remove(e.path());
      if (n == null) {
        return Optional.of(e.kind() + " " + e.path() + " is gone from the dataset");
      }
      Optional<String> change = e.change(n);
      if (change.isPresent()) {
        return change;
      }
    }
    for (Entry e : other.listing) {
      if (now.containsKey(e.path())) {
        return Optional.of(e.kind() + " " + e.path() + " is new in the dataset");
      }
    }
    return Optional.empty();
  }

  /** The first unit (by path) that both listings hold, if any: runs that share one cannot merge. */
  public Optional<Entry> sharedEntry(RunFingerprint other) {
    Set<String> theirs = new HashSet<>();
    for (Entry e : other.listing) {
      theirs.add(e.path());
    }
    return listing.stream().filter(e -> theirs.contains(e.path())).findFirst();
  }

  /** This fingerprint with {@code other}'s listing appended: the fingerprint of a merged run. */
  public RunFingerprint withListingOf(RunFingerprint other) {
    List<Entry> all = new ArrayList<>(listing);
    all.addAll(other.listing);
    return new RunFingerprint(
        statisticsVersion, model, taps, preprocessing, precision, classNames, all);
  }

  /** The hex SHA-256 of the canonical JSON form: a short identity for logs and run ids. */
  public String digest() {
    try {
      byte[] json = MAPPER.writeValueAsBytes(toJson());
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The JSON object written into {@code run.json}, with stable key order. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("statistics_version", statisticsVersion);
    Map<String, Object> mo = new LinkedHashMap<>();
    mo.put("name", model.name());
    mo.put("builtin", model.builtin());
    mo.put("sha256", model.sha256());
    m.put("model", mo);
    m.put("taps", taps);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("channels", preprocessing.channels());
    p.put("height", preprocessing.height());
    p.put("width", preprocessing.width());
    p.put("resize_to", preprocessing.resizeTo());
    p.put("policy", preprocessing.policy());
    p.put("interpolation", preprocessing.interpolation());
    p.put("mean", preprocessing.mean());
    p.put("std", preprocessing.std());
    p.put("max_pixels", preprocessing.maxPixels());
    m.put("preprocessing", p);
    m.put("precision", precision);
    m.put("classes", classNames);
    List<Map<String, Object>> entries = new ArrayList<>();
    for (Entry e : listing) {
      Map<String, Object> em = new LinkedHashMap<>();
      em.put("kind", e.kind());
      em.put("path", e.path());
      em.put("size", e.size());
      em.put("modified", e.modified());
      if (!e.kind().equals("shard") && !e.kind().equals("file")) {
        em.put("files", e.files());
        em.put("digest", e.digest());
      }
      entries.add(em);
    }
    m.put("listing", entries);
    return m;
  }

  /**
   * Reads the object {@link #toJson()} wrote.
   *
   * @throws IllegalArgumentException when a field is missing or of the wrong kind
   */
  public static RunFingerprint fromJson(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("no fingerprint object");
    }
    JsonNode mo = required(node, "model");
    JsonNode p = required(node, "preprocessing");
    List<Entry> listing = new ArrayList<>();
    for (JsonNode e : required(node, "listing")) {
      listing.add(
          new Entry(
              required(e, "kind").asText(),
              required(e, "path").asText(),
              required(e, "size").asLong(),
              required(e, "modified").asLong(),
              e.path("files").asLong(1),
              e.path("digest").asText("")));
    }
    return new RunFingerprint(
        required(node, "statistics_version").asInt(),
        new ModelIdentity(
            required(mo, "name").asText(),
            required(mo, "builtin").asBoolean(),
            required(mo, "sha256").asText()),
        texts(required(node, "taps")),
        new Preprocessing(
            required(p, "channels").asInt(),
            required(p, "height").asInt(),
            required(p, "width").asInt(),
            required(p, "resize_to").asInt(),
            required(p, "policy").asText(),
            required(p, "interpolation").asText(),
            floats(required(p, "mean")),
            floats(required(p, "std")),
            required(p, "max_pixels").asLong()),
        required(node, "precision").asText(),
        texts(required(node, "classes")),
        listing);
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("fingerprint has no '" + field + "'");
    }
    return v;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static List<Float> floats(JsonNode array) {
    List<Float> out = new ArrayList<>();
    array.forEach(v -> out.add((float) v.asDouble()));
    return out;
  }

  /** Boxes a float array, for {@link Preprocessing}. */
  static List<Float> boxed(float[] values) {
    Float[] boxed = new Float[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return Arrays.asList(boxed);
  }

  /** A hex SHA-256 of UTF-8 text. */
  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String shortHash(String hex) {
    return hex.length() <= 12 ? hex : hex.substring(0, 12) + "...";
  }
}
