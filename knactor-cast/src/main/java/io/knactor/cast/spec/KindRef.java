package io.knactor.cast.spec;

import java.util.regex.Pattern;

/**
 * A kind of object in one input store, as a spec names it: {@code C.order} is every object of kind
 * order in the store aliased {@code C}.
 */
public record KindRef(String alias, String kind) implements Comparable<KindRef> {
  static final Pattern ALIAS = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  static final Pattern KIND = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

  public KindRef {
    if (alias == null || !ALIAS.matcher(alias).matches()) {
      throw new IllegalArgumentException("invalid alias '" + alias + "'");
    }
    if (kind == null || !KIND.matcher(kind).matches()) {
      throw new IllegalArgumentException("invalid kind '" + kind + "'");
    }
  }

  /** Parses {@code Alias.kind}; null when the text has another shape. */
  public static KindRef parseOrNull(String text) {
    int dot = text.indexOf('.');
    if (dot < 0 || text.indexOf('.', dot + 1) >= 0) {
      return null;
    }
    String alias = text.substring(0, dot);
    String kind = text.substring(dot + 1);
    return ALIAS.matcher(alias).matches() && KIND.matcher(kind).matches()
        ? new KindRef(alias, kind)
        : null;
  }

  /** The field {@code path} of this kind. */
  public FieldRef field(String path) {
    return new FieldRef(this, path);
  }

  @Override
  public int compareTo(KindRef other) {
    return toString().compareTo(other.toString());
  }

  @Override
  public String toString() {
    return alias + "." + kind;
  }
}
