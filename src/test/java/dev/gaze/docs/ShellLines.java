package dev.gaze.docs;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the lines of a {@code sh} block into commands and their words, as a POSIX shell would for
 * the plain commands the docs hold: backslash-newline continuations, {@code #} comments, single and
 * double quotes. Anything the docs test cannot run as written (a variable, a command substitution,
 * a pipe, an environment assignment) is reported by {@link #unsupported}.
 */
final class ShellLines {

  /** One command: the words, the block line it starts on, and its text as written. */
  record Command(List<String> words, int line, String text, String unsupported) {}

  private ShellLines() {}

  /** The commands of a block whose first content line is {@code firstLine} of its page. */
  static List<Command> parse(List<String> lines, int firstLine) {
    List<Command> out = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (start < 0) {
        start = firstLine + i;
      }
      if (l.endsWith("\\")) {
        text.append(l, 0, l.length() - 1).append(' ');
        continue;
      }
      text.append(l);
      String command = text.toString().trim();
      if (!command.isEmpty() && !command.startsWith("#")) {
        out.add(words(command, start));
      }
      text.setLength(0);
      start = -1;
    }
    return out;
  }

  private static Command words(String text, int line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    String unsupported = null;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          if (quote == '"' && (c == '$' || c == '`')) {
            unsupported = "shell expansion (" + c + ")";
          }
          word.append(c);
        }
        continue;
      }
      if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
        continue;
      }
      if (c == '#' && word == null) {
        break;
      }
      if (word == null) {
        word = new StringBuilder();
      }
      if (c == '\'' || c == '"') {
        quote = c;
      } else if ("$`|;&<>()".indexOf(c) >= 0) {
        unsupported = "shell syntax (" + c + ")";
        word.append(c);
      } else if (c == '{' || c == '*' || c == '?') {
        unsupported = "an unquoted pattern (" + c + "), which the shell would expand: quote it";
        word.append(c);
      } else {
        word.append(c);
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    if (!words.isEmpty() && words.get(0).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
      unsupported = "an environment assignment (" + words.get(0) + ")";
    }
    return new Command(List.copyOf(words), line, text, unsupported);
  }
}
