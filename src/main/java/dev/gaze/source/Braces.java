package dev.gaze.source;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shell-style brace expansion of shard patterns: ranges {@code {000..146}} (zero padding kept when
 * either bound has a leading zero, as in bash), lists {@code {a,b}}, and nesting of both.
 */
public final class Braces {

  /** The most paths one pattern may expand to; more is almost surely a typo. */
  public static final int MAX_PATHS = 1_000_000;

  private static final Pattern RANGE = Pattern.compile("(\\d+)\\.\\.(\\d+)");

  private Braces() {}

  /** Whether {@code pattern} holds a brace group to expand. */
  public static boolean hasBraces(String pattern) {
    return pattern.indexOf('{') >= 0 || pattern.indexOf('}') >= 0;
  }

  /**
   * Every string {@code pattern} stands for, in expansion order (ranges count up or down as
   * written, lists keep their order). A pattern without braces expands to itself.
   *
   * @throws IllegalArgumentException for an unbalanced brace, a group that is neither a list nor a
   *     range, or an expansion of more than {@link #MAX_PATHS} strings
   */
  public static List<String> expand(String pattern) {
    List<String> out = new ArrayList<>();
    expandInto(pattern, pattern, out);
    return List.copyOf(out);
  }

  private static void expandInto(String text, String pattern, List<String> out) {
    int open = text.indexOf('{');
    int strayClose = text.indexOf('}');
    if (open < 0) {
      if (strayClose >= 0) {
        throw bad(pattern, "has a '}' without a matching '{'");
      }
      add(out, text, pattern);
      return;
    }
    if (strayClose >= 0 && strayClose < open) {
      throw bad(pattern, "has a '}' without a matching '{'");
    }
    int close = matchingClose(text, open);
    if (close < 0) {
      throw bad(pattern, "has a '{' without a matching '}'");
    }
    String prefix = text.substring(0, open);
    String body = text.substring(open + 1, close);
    String suffix = text.substring(close + 1);
    for (String alternative : alternatives(body, pattern)) {
      expandInto(prefix + alternative + suffix, pattern, out);
    }
  }

  private static int matchingClose(String text, int open) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }

  private static List<String> alternatives(String body, String pattern) {
    Matcher range = RANGE.matcher(body);
    if (range.matches()) {
      return range(range.group(1), range.group(2), pattern);
    }
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(body.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(body.substring(start));
    if (parts.size() < 2) {
      throw bad(
          pattern, "has a group '{" + body + "}' that is neither a list {a,b} nor a range {0..9}");
    }
    return parts;
  }

  private static List<String> range(String from, String to, String pattern) {
    long first;
    long last;
    try {
      first = Long.parseLong(from);
      last = Long.parseLong(to);
    } catch (NumberFormatException e) {
      throw bad(pattern, "has a range {" + from + ".." + to + "} with bounds too large");
    }
    long count = Math.abs(last - first) + 1;
    if (count > MAX_PATHS) {
      throw bad(pattern, "expands to more than " + MAX_PATHS + " paths");
    }
    boolean padded = isPadded(from) || isPadded(to);
    int width = padded ? Math.max(from.length(), to.length()) : 0;
    long step = first <= last ? 1 : -1;
    List<String> values = new ArrayList<>((int) count);
    for (long v = first; ; v += step) {
      String digits = Long.toString(v);
      values.add(digits.length() < width ? "0".repeat(width - digits.length()) + digits : digits);
      if (v == last) {
        break;
      }
    }
    return values;
  }

  private static boolean isPadded(String bound) {
    return bound.length() > 1 && bound.charAt(0) == '0';
  }

  private static void add(List<String> out, String path, String pattern) {
    if (out.size() >= MAX_PATHS) {
      throw bad(pattern, "expands to more than " + MAX_PATHS + " paths");
    }
    out.add(path);
  }

  private static IllegalArgumentException bad(String pattern, String what) {
    return new IllegalArgumentException(
        "shard pattern '"
            + pattern
            + "' "
            + what
            + "; expected ranges like {000000..000146} or lists like {a,b}");
  }
}
