package io.knactor.examples.retail.domain;

import java.util.List;

/** The Email service's order confirmation message. */
public final class Confirmations {
  private Confirmations() {}

  /**
   * The message confirming the order {@code key} of {@code items} to {@code to}; {@code trackingId}
   * is null or empty when the order was not shipped.
   */
  public static String render(
      String key, String to, List<String> items, double total, String currency, String trackingId) {
    StringBuilder body =
        new StringBuilder()
            .append("To: ")
            .append(to)
            .append("\nYour order ")
            .append(key)
            .append(" of ")
            .append(String.join(", ", items))
            .append(": ")
            .append(String.format("%.2f", total))
            .append(' ')
            .append(currency);
    if (trackingId != null && !trackingId.isEmpty()) {
      body.append(", shipped with tracking id ").append(trackingId);
    }
    return body.append('.').toString();
  }
}
