package io.knactor.examples.retail.domain;

import java.time.YearMonth;
import java.util.Optional;

/** The Payment service's check of a credit card, as the Online Boutique demo's payment service. */
public final class Cards {
  private Cards() {}

  /**
   * Why the card cannot be charged, or empty when it can: the number must pass the Luhn check and
   * be a VISA or MasterCard one, and the card must not have expired by {@code now}.
   */
  public static Optional<String> problem(
      String number, int expirationYear, int expirationMonth, YearMonth now) {
    String digits = number == null ? "" : number.replaceAll("[ -]", "");
    if (!digits.matches("[0-9]{12,19}") || !luhn(digits)) {
      return Optional.of("credit card number is invalid");
    }
    boolean visa = digits.startsWith("4");
    boolean masterCard = digits.matches("5[1-5].*");
    if (!visa && !masterCard) {
      return Optional.of("only VISA or MasterCard cards are accepted");
    }
    if (expirationMonth < 1
        || expirationMonth > 12
        || YearMonth.of(expirationYear, expirationMonth).isBefore(now)) {
      return Optional.of("credit card expired on " + expirationMonth + "/" + expirationYear);
    }
    return Optional.empty();
  }

  private static boolean luhn(String digits) {
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int digit = digits.charAt(digits.length() - 1 - i) - '0';
      if (i % 2 == 1) {
        digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      }
      sum += digit;
    }
    return sum % 10 == 0;
  }

  /** A transaction id for the charge of {@code key}, stable for the same key. */
  public static String transactionId(String key) {
    return "txn-" + Integer.toHexString((key + "/charge").hashCode() & 0x7fffffff);
  }
}
