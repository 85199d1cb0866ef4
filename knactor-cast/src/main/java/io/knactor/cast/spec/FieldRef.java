package io.knactor.cast.spec;

/**
 * A field of a kind, by dotted path: {@code S.shipment.quote.price}. The empty path is the whole
 * object.
 */
public record FieldRef(KindRef kind, String path) implements Comparable<FieldRef> {
  public FieldRef {
    if (kind == null) {
      throw new NullPointerException("kind");
    }
    if (path == null) {
      throw new NullPointerException("path");
    }
  }

  /**
   * True when a change to one of the two fields can change the other: same kind, and one path is
   * the other or contains it ({@code quote} overlaps {@code quote.price}).
   */
  public boolean overlaps(FieldRef other) {
    return kind.equals(other.kind) && (contains(path, other.path) || contains(other.path, path));
  }

  private static boolean contains(String outer, String inner) {
    return outer.isEmpty()
        || inner.equals(outer)
        || (inner.startsWith(outer) && inner.charAt(outer.length()) == '.');
  }

  @Override
  public int compareTo(FieldRef other) {
    return toString().compareTo(other.toString());
  }

  @Override
  public String toString() {
    return path.isEmpty() ? kind.toString() : kind + "." + path;
  }
}
