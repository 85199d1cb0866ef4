package io.knactor.cast.spec;

import java.util.Arrays;

/**
 * The text of one CEL expression and where each of its characters sits in the spec file, so an
 * error found at an offset of the expression names the file's line and column even for quoted,
 * folded or multi-line YAML scalars.
 */
public final class SpecExpression {
  private final String text;
  private final String file;
  private final int[] lines;
  private final int[] columns;

  SpecExpression(String text, String file, int[] lines, int[] columns) {
    this.text = text;
    this.file = file;
    this.lines = lines;
    this.columns = columns;
  }

  /** An expression written at a single place, e.g. in a test or a generated spec. */
  public static SpecExpression at(String text, Location start) {
    int n = text.codePointCount(0, text.length());
    int[] lines = new int[n + 1];
    int[] columns = new int[n + 1];
    Arrays.fill(lines, start.line());
    for (int i = 0; i <= n; i++) {
      columns[i] = start.column() + i;
    }
    return new SpecExpression(text, start.file(), lines, columns);
  }

  public String text() {
    return text;
  }

  /** Where the expression starts. */
  public Location start() {
    return locationAt(0);
  }

  /** The file location of the code point at {@code offset}; offsets past the end clamp to it. */
  public Location locationAt(int offset) {
    int i = Math.max(0, Math.min(offset, lines.length - 1));
    return new Location(file, lines[i], columns[i]);
  }

  @Override
  public String toString() {
    return text;
  }
}
