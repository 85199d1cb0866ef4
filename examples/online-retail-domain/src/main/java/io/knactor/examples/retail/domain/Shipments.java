package io.knactor.examples.retail.domain;

/** The Shipping service's quotes and tracking ids. */
public final class Shipments {
  /** The currency quotes are given in. */
  public static final String QUOTE_CURRENCY = "USD";

  private Shipments() {}

  /**
   * The price in US dollars of shipping {@code items} items by {@code method}, {@code ground} or
   * {@code air}.
   *
   * @throws IllegalArgumentException for another method
   */
  public static double quote(int items, String method) {
    return switch (method) {
      case "ground" -> Money.cents(4.99 + 1.50 * items);
      case "air" -> Money.cents(19.99 + 4.00 * items);
      default ->
          throw new IllegalArgumentException(
              "unknown shipping method '" + method + "' (expected ground or air)");
    };
  }

  /** The tracking id of the shipment {@code key} to {@code address}, stable for the same pair. */
  public static String trackingId(String key, String address) {
    String letters = address.replaceAll("[^A-Za-z]", "").toUpperCase();
    String prefix = (letters + "XX").substring(0, 2);
    return prefix + "-" + Integer.toHexString((key + "@" + address).hashCode() & 0x7fffffff);
  }
}
