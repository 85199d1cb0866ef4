package io.knactor.sdk.http;

import java.util.List;

/**
 * The answer to {@code POST /api/v1/apply}: one item per applied document, in document order.
 *
 * @param items what happened to each document
 */
public record ApplyResult(List<Item> items) {
  public ApplyResult {
    items = List.copyOf(items);
  }

  /**
   * One applied document.
   *
   * @param kind Schema, Knactor, Principal or Grant
   * @param name the registered name, e.g. {@code OnlineRetail/v1/Checkout/Order}
   * @param action {@code created}, {@code configured} (changed) or {@code unchanged}
   * @param token for a Principal applied without a token: the generated token, shown only this
   *     once; null otherwise
   */
  public record Item(String kind, String name, String action, String token) {}
}
