package dev.gaze.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The names of a dataset's classes, by class index: from ImageFolder folder names, from a {@code
 * classes.txt} (one name a line) or {@code classes.json} (an array of names, or an object {@code
 * {"0": "name", ...}}) beside the data, or from a file the user names. May be empty when unknown.
 */
public final class ClassNames implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The file names looked for beside a dataset, in order of preference. */
  public static final List<String> FILE_NAMES = List.of("classes.txt", "classes.json");

  private static final ClassNames NONE = new ClassNames(new String[0]);

  private final String[] names;

  private ClassNames(String[] names) {
    this.names = names;
  }

  /**
   * These names, index 0 first.
   *
   * @throws IllegalArgumentException when a name is null or blank
   */
  public static ClassNames of(List<String> names) {
    String[] copy = names.toArray(new String[0]);
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] == null || copy[i].isBlank()) {
        throw new IllegalArgumentException("class name " + i + " is empty");
      }
    }
    return copy.length == 0 ? NONE : new ClassNames(copy);
  }

  /** No names known: {@link #nameOf} gives the index as text. */
  public static ClassNames none() {
    return NONE;
  }

  /**
   * The names in the {@code classes.txt} or {@code classes.json} inside {@code folder} (the text
   * file wins when both exist), or {@link #none()} when neither exists.
   *
   * @throws IllegalArgumentException when the file found is malformed
   */
  public static ClassNames findIn(String folder, Configuration conf) {
    for (String name : FILE_NAMES) {
      String path = new Path(new Path(folder), name).toString();
      try (InputStream in = ShardStreams.open(path, conf)) {
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), path);
      } catch (FileNotFoundException e) {
        // try the next name
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read class names from " + path + ": " + e, e);
      }
    }
    return NONE;
  }

  /**
   * The names in the file at {@code path}: JSON when it ends in {@code .json}, else one a line.
   *
   * @throws IllegalArgumentException when the file is missing or malformed
   */
  public static ClassNames fromFile(String path, Configuration conf) {
    try (InputStream in = ShardStreams.open(path, conf)) {
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), path);
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException(
          "class names file " + path + " does not exist; expected a classes.txt or classes.json");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read class names from " + path + ": " + e, e);
    }
  }

  /** Parses {@code text} as JSON when {@code where} ends in .json, else as one name a line. */
  public static ClassNames parse(String text, String where) {
    if (where.toLowerCase(Locale.ROOT).endsWith(".json")) {
      return parseJson(text, where);
    }
    return parseLines(text, where);
  }

  /**
   * One name a line (surrounding blanks stripped); trailing blank lines are ignored, a blank line
   * before a name is an error.
   */
  public static ClassNames parseLines(String text, String where) {
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    List<String> lines = new ArrayList<>(Arrays.asList(body.split("\r?\n", -1)));
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    List<String> names = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String name = lines.get(i).strip();
      if (name.isEmpty()) {
        throw new IllegalArgumentException(
            where + " line " + (i + 1) + " is blank; expected one class name a line");
      }
      names.add(name);
    }
    return of(names);
  }

  /**
   * A JSON array of names, or an object whose keys are the indices 0..n-1. A name may also be an
   * array such as {@code ["n01440764", "tench"]} (ImageNet's class index files): its second entry
   * is taken, or its only one.
   */
  public static ClassNames parseJson(String json, String where) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          where + " is not valid JSON: " + Problems.oneLine(e.getOriginalMessage()));
    }
    List<String> names = new ArrayList<>();
    if (root != null && root.isArray()) {
      for (int i = 0; i < root.size(); i++) {
        names.add(nameIn(root.get(i), where, Integer.toString(i)));
      }
    } else if (root != null && root.isObject()) {
      Map<Integer, String> byIndex = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        byIndex.put(index(field.getKey(), where), nameIn(field.getValue(), where, field.getKey()));
      }
      for (int i = 0; i < byIndex.size(); i++) {
        if (!byIndex.containsKey(i)) {
          throw new IllegalArgumentException(
              where + " has no entry \"" + i + "\"; expected keys 0 to " + (byIndex.size() - 1));
        }
        names.add(byIndex.get(i));
      }
    } else {
      throw new IllegalArgumentException(
          where + " must hold a JSON array of names or an object {\"0\": \"name\", ...}");
    }
    return of(names);
  }

  private static int index(String key, String where) {
    try {
      int i = Integer.parseInt(key.trim());
      if (i >= 0) {
        return i;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        where + " has key \"" + Problems.quote(key) + "\"; expected class indices 0, 1, 2, ...");
  }

  private static String nameIn(JsonNode node, String where, String at) {
    JsonNode value = node;
    if (value.isArray() && value.size() > 0) {
      value = value.get(value.size() >= 2 ? 1 : 0);
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(
          where + " entry " + at + " is not a class name (expected a non-empty string)");
    }
    return value.asText();
  }

  /** The name of class {@code id}, or the id as text when no name is known for it. */
  public String nameOf(int id) {
    return id >= 0 && id < names.length ? names[id] : Integer.toString(id);
  }

  /** How many names are known. */
  public int size() {
    return names.length;
  }

  /** Whether no names are known. */
  public boolean isEmpty() {
    return names.length == 0;
  }

  /** The names, index 0 first. */
  public List<String> names() {
    return List.of(names);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClassNames other && Arrays.equals(names, other.names);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(names);
  }

  @Override
  public String toString() {
    return "ClassNames" + Arrays.toString(names);
  }
}
