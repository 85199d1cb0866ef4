package io.knactor.cast.spec;

/**
 * A place in a spec file, as people count: lines and columns start at 1.
 *
 * @param file the name the spec was parsed under, e.g. {@code retail.cast.yaml}
 */
public record Location(String file, int line, int column) {
  public Location {
    if (file == null) {
      throw new NullPointerException("file");
    }
  }

  /** {@code file:line:column}, the form compilers and editors link. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
