package io.knactor.cast.spec;

import java.util.Set;

/** Names CEL gives a meaning of its own, shared by the parser and the checker. */
public final class CelNames {
  /** CEL's type names, which may appear as identifiers without naming an input. */
  public static final Set<String> TYPE_NAMES =
      Set.of(
          "int",
          "uint",
          "double",
          "bool",
          "string",
          "bytes",
          "list",
          "map",
          "type",
          "null_type",
          "dyn");

  private CelNames() {}
}
