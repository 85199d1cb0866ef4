package io.knactor.cast.spec;

/**
 * Maps the characters of a YAML scalar's value back to the file. Quoting, escapes, folding and
 * indentation change whitespace and quote characters but keep every other character in order, so
 * walking the value and the raw source text in lockstep finds each character's place.
 */
public final class ScalarLocator {
  private final int[] source;
  private final int[] lineOf;
  private final int[] columnOf;
  private final String file;

  public ScalarLocator(String text, String file) {
    this.source = text.codePoints().toArray();
    this.file = file;
    this.lineOf = new int[source.length + 1];
    this.columnOf = new int[source.length + 1];
    int line = 1;
    int column = 1;
    for (int i = 0; i <= source.length; i++) {
      lineOf[i] = line;
      columnOf[i] = column;
      if (i < source.length && source[i] == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
  }

  public Location at(int index) {
    int i = Math.max(0, Math.min(index, source.length));
    return new Location(file, lineOf[i], columnOf[i]);
  }

  /** Locates {@code value}, the scalar whose raw text spans code points {@code [start, end)}. */
  public SpecExpression locate(String value, int start, int end) {
    int[] chars = value.codePoints().toArray();
    int[] lines = new int[chars.length + 1];
    int[] columns = new int[chars.length + 1];
    int raw = start;
    int last = start;
    for (int i = 0; i < chars.length; i++) {
      int found = -1;
      if (!Character.isWhitespace(chars[i])) {
        for (int j = raw; j < Math.min(end, source.length); j++) {
          if (source[j] == chars[i]) {
            found = j;
            break;
          }
        }
      }
      int at = found >= 0 ? found : last;
      if (found >= 0) {
        raw = found + 1;
        last = found;
      }
      lines[i] = lineOf[at];
      columns[i] = columnOf[at];
    }
    lines[chars.length] = lineOf[Math.min(raw, source.length)];
    columns[chars.length] = columnOf[Math.min(raw, source.length)];
    return new SpecExpression(value, file, lines, columns);
  }
}
