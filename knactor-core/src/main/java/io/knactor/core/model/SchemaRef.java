package io.knactor.core.model;

import io.knactor.core.error.InvalidInputException;

/**
 * Names the schema of one kind of object in the stores of one knactor type: {@code
 * App/version/Type/Kind}, e.g. {@code OnlineRetail/v1/Checkout/Order}.
 */
public record SchemaRef(String app, String version, String type, String kind) {
  public SchemaRef {
    Names.require(Names.IDENTIFIER, app, "app");
    Names.require(Names.VERSION, version, "version");
    Names.require(Names.IDENTIFIER, type, "type");
    Names.require(Names.KIND, kind, "kind");
  }

  /**
   * Parses {@code App/version/Type/Kind}.
   *
   * @throws InvalidInputException when the text has another shape
   */
  public static SchemaRef parse(String text) {
    String[] parts = text == null ? new String[0] : text.split("/", -1);
    if (parts.length != 4) {
      throw new InvalidInputException(
          "invalid schema name '" + text + "': expected App/version/Type/Kind", "schema");
    }
    return new SchemaRef(parts[0], parts[1], parts[2], parts[3]);
  }

  /** True when this schema governs objects of {@code kind} in {@code store}. */
  public boolean governs(StoreRef store, String kind) {
    return app.equals(store.app())
        && version.equals(store.version())
        && type.equals(store.type())
        && this.kind.equals(kind);
  }

  @Override
  public String toString() {
    return app + "/" + version + "/" + type + "/" + kind;
  }
}
