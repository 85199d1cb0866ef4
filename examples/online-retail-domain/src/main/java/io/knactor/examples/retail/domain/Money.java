package io.knactor.examples.retail.domain;

import java.util.Map;

/** Amounts of money: rounding to cents and conversion through a table of rates per euro. */
public final class Money {
  private Money() {}

  /** Rounds to cents. */
  public static double cents(double amount) {
    return Math.round(amount * 100.0) / 100.0;
  }

  /**
   * Converts {@code amount} of {@code from} into {@code to}, rounded to cents.
   *
   * @throws IllegalArgumentException naming a currency the table does not have
   */
  public static double convert(
      double amount, String from, String to, Map<String, ? extends Number> perEuro) {
    return cents(amount / rate(from, perEuro) * rate(to, perEuro));
  }

  private static double rate(String currency, Map<String, ? extends Number> perEuro) {
    Number rate = perEuro.get(currency);
    if (rate == null || rate.doubleValue() <= 0) {
      throw new IllegalArgumentException(
          "unsupported currency '" + currency + "' (supported: " + perEuro.keySet() + ")");
    }
    return rate.doubleValue();
  }
}
