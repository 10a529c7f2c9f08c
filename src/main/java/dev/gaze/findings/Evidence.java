package dev.gaze.findings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Map;

/**
 * Builds a finding's evidence: one flat JSON object of numbers, strings and arrays, keys in the
 * order they were put. Non-finite numbers are written as {@code null} (JSON has no NaN).
 */
final class Evidence {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode node = JSON.createObjectNode();

  /** {@code key} = {@code value}. */
  Evidence put(String key, String value) {
    node.put(key, value);
    return this;
  }

  /** {@code key} = {@code value}. */
  Evidence put(String key, long value) {
    node.put(key, value);
    return this;
  }

  /** {@code key} = {@code value}, or null when not finite. */
  Evidence put(String key, double value) {
    if (Double.isFinite(value)) {
      node.put(key, value);
    } else {
      node.putNull(key);
    }
    return this;
  }

  /** {@code key} = {@code value}. */
  Evidence put(String key, boolean value) {
    node.put(key, value);
    return this;
  }

  /** {@code key} = the integers in {@code values}. */
  Evidence putInts(String key, Collection<Integer> values) {
    ArrayNode array = node.putArray(key);
    values.forEach(array::add);
    return this;
  }

  /** {@code key} = an object of {@code values}, non-finite ones as null. */
  Evidence putMap(String key, Map<String, Double> values) {
    ObjectNode object = node.putObject(key);
    values.forEach(
        (k, v) -> {
          if (Double.isFinite(v)) {
            object.put(k, v);
          } else {
            object.putNull(k);
          }
        });
    return this;
  }

  /** The object as compact JSON. */
  String json() {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write evidence JSON", e);
    }
  }
}
