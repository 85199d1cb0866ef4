package io.knactor.server.registry;

import io.knactor.core.error.SpecException;
import java.util.ArrayList;
import java.util.List;

/** The problems found in an apply request, each naming its document and line. */
final class Problems {
  private final List<String> messages = new ArrayList<>();

  /** A problem at {@code key} of a document (its first line when key is null or not present). */
  void add(RegistryDocument.Source source, String key, String message) {
    String where =
        source.line() > 0
            ? "document " + source.index() + ", line " + source.lineOf(key == null ? "" : key)
            : "document " + source.index();
    messages.add(where + ": " + message);
  }

  /** A problem whose message already names its document and line. */
  void addLocated(String located) {
    messages.add(located);
  }

  boolean isEmpty() {
    return messages.isEmpty();
  }

  /**
   * @throws SpecException listing every problem, when there is one
   */
  void throwIfAny() {
    if (!messages.isEmpty()) {
      throw new SpecException(
          "apply refused, nothing was stored:\n  " + String.join("\n  ", messages));
    }
  }
}
