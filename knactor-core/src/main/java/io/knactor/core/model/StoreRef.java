package io.knactor.core.model;

import io.knactor.core.error.InvalidInputException;

/**
 * Names one knactor and so its store on an exchange: {@code App/version/Type/instance}, e.g. {@code
 * OnlineRetail/v1/Checkout/knactor-checkout}. A knactor has at most one store per exchange kind, so
 * the knactor's name is its store's name.
 */
public record StoreRef(String app, String version, String type, String instance) {
  public StoreRef {
    Names.require(Names.IDENTIFIER, app, "app");
    Names.require(Names.VERSION, version, "version");
    Names.require(Names.IDENTIFIER, type, "type");
    Names.require(Names.INSTANCE, instance, "instance");
  }

  /**
   * Parses {@code App/version/Type/instance}.
   *
   * @throws InvalidInputException when the text has another shape
   */
  public static StoreRef parse(String text) {
    String[] parts = text == null ? new String[0] : text.split("/", -1);
    if (parts.length != 4) {
      throw new InvalidInputException(
          "invalid store '" + text + "': expected App/version/Type/instance", "store");
    }
    return new StoreRef(parts[0], parts[1], parts[2], parts[3]);
  }

  /** The schema of objects of {@code kind} in this store. */
  public SchemaRef schemaOf(String kind) {
    return new SchemaRef(app, version, type, kind);
  }

  @Override
  public String toString() {
    return app + "/" + version + "/" + type + "/" + instance;
  }
}
