package io.knactor.server.registry;

import java.util.Locale;
import java.util.Optional;

/** What a grant allows on its kind of objects. */
public enum Verb {
  /** get, list, watch and history. */
  READ,
  /** writes that change only the granted fields. */
  WRITE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Verb> parse(String text) {
    for (Verb verb : values()) {
      if (verb.wireName().equals(text)) {
        return Optional.of(verb);
      }
    }
    return Optional.empty();
  }
}
