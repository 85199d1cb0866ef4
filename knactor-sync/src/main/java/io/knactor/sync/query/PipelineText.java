package io.knactor.sync.query;

import io.knactor.core.error.SpecException;
import io.knactor.sync.spec.OperatorDecl;
import io.knactor.sync.spec.SyncSpecParser;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a query's pipeline, in either of two forms of the Sync operator syntax:
 *
 * <ul>
 *   <li>a YAML or JSON list of steps, exactly as under a flow's {@code pipeline:} (text starting
 *       with {@code [} or {@code -}): {@code [{filter: level > 0.5}, {rename: {triggered:
 *       motion}}]};
 *   <li>the compact form for a command line, steps separated by {@code |}: {@code filter: level >
 *       0.5 | rename: {triggered: motion}}. A {@code |} inside quotes or in CEL's {@code ||} does
 *       not separate steps.
 * </ul>
 *
 * <p>The compact form is read as a YAML list with one step per line, so in errors line N is step N
 * (and each error names it as {@code pipeline[N-1].operator}).
 */
public final class PipelineText {
  private PipelineText() {}

  /**
   * Parses {@code text} into steps.
   *
   * @param file names the pipeline in errors
   * @throws io.knactor.core.error.SpecException listing every problem with its line and column
   */
  public static List<OperatorDecl> parse(String text, String file) {
    String trimmed = text.strip();
    if (trimmed.startsWith("[") || trimmed.startsWith("-")) {
      return SyncSpecParser.parsePipeline(text, file);
    }
    List<String> steps = steps(trimmed);
    StringBuilder yaml = new StringBuilder();
    for (String step : steps) {
      yaml.append("- ").append(step.strip()).append('\n');
    }
    try {
      return SyncSpecParser.parsePipeline(yaml.toString(), file);
    } catch (SpecException e) {
      throw new SpecException(nameSteps(e.getMessage(), file, steps), e.field(), e);
    }
  }

  /**
   * Adds {@code pipeline[i].operator} to each error of the compact form, as the checker's errors
   * have it: line N is step N.
   */
  private static String nameSteps(String message, String file, List<String> steps) {
    Matcher m =
        Pattern.compile("(?m)^(\\s*" + Pattern.quote(file) + ":(\\d+):\\d+: error: )")
            .matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      int step = Integer.parseInt(m.group(2)) - 1;
      String name = step < steps.size() ? steps.get(step).strip().split("[:\\s]", 2)[0] : "";
      m.appendReplacement(
          out, Matcher.quoteReplacement(m.group(1) + "pipeline[" + step + "]." + name + ": "));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Splits the compact form at each {@code |} outside quotes that is not part of {@code ||}. */
  static List<String> steps(String text) {
    List<String> steps = new ArrayList<>();
    int start = 0;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '|') {
        if (i + 1 < text.length() && text.charAt(i + 1) == '|') {
          i++;
        } else {
          steps.add(text.substring(start, i));
          start = i + 1;
        }
      }
    }
    steps.add(text.substring(start));
    return steps;
  }
}
