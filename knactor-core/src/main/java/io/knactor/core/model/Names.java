package io.knactor.core.model;

import io.knactor.core.error.InvalidInputException;
import java.util.Map;
import java.util.regex.Pattern;

/** The naming rules of apps, types, versions, instances, kinds, object names and labels. */
public final class Names {
  /** App and knactor type names, e.g. {@code OnlineRetail}, {@code Checkout}. */
  public static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,62}");

  /** API versions, e.g. {@code v1}, {@code v2beta1}. */
  public static final Pattern VERSION = Pattern.compile("v[0-9]+[a-z0-9]{0,20}");

  /** Knactor instance names, DNS-label style, e.g. {@code knactor-checkout}. */
  public static final Pattern INSTANCE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** Kinds of object within a store, e.g. {@code Order}, {@code order}. */
  public static final Pattern KIND = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,62}");

  /** Object names, e.g. {@code o-17}; at most 253 characters. */
  public static final Pattern OBJECT_NAME =
      Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9._]{0,251}[A-Za-z0-9])?");

  /** Label keys and values. */
  public static final Pattern LABEL =
      Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9._/]{0,61}[A-Za-z0-9])?");

  private Names() {}

  /**
   * Whether {@code value} matches {@code pattern}: the rules above are checked character by
   * character (names are checked on every key a reconciler or integrator builds; a regex match
   * there was a tenth of the retail app's CPU), any other pattern by its regex.
   */
  static boolean matches(Pattern pattern, String value) {
    if (pattern == OBJECT_NAME) {
      return NameChars.bracketed(value, 253, NameChars.ALNUM, NameChars.ALNUM | NameChars.DASH_DOT);
    } else if (pattern == INSTANCE) {
      return NameChars.bracketed(
          value, 63, NameChars.LOWER_ALNUM, NameChars.LOWER_ALNUM | NameChars.DASH);
    } else if (pattern == LABEL) {
      return NameChars.bracketed(
          value, 63, NameChars.ALNUM, NameChars.ALNUM | NameChars.DASH_DOT | NameChars.SLASH);
    } else if (pattern == IDENTIFIER) {
      return NameChars.led(value, 63, NameChars.LETTER, NameChars.ALNUM | NameChars.DASH);
    } else if (pattern == KIND) {
      return NameChars.led(value, 63, NameChars.LETTER, NameChars.ALNUM);
    } else if (pattern == VERSION) {
      return NameChars.version(value);
    }
    return pattern.matcher(value).matches();
  }

  /**
   * Returns {@code value} when it matches {@code pattern}.
   *
   * @throws InvalidInputException naming {@code what} and the rule otherwise
   */
  public static String require(Pattern pattern, String value, String what) {
    if (value == null || !matches(pattern, value)) {
      throw new InvalidInputException(
          "invalid " + what + " '" + value + "': must match " + pattern.pattern(), what);
    }
    return value;
  }

  /**
   * Returns {@code labels} when every key and value matches {@link #LABEL}.
   *
   * @throws InvalidInputException naming the label and {@code owner} (e.g. "object S/Order/o-1")
   */
  public static Map<String, String> requireLabels(Map<String, String> labels, String owner) {
    for (Map.Entry<String, String> label : labels.entrySet()) {
      if (!matches(LABEL, label.getKey()) || !matches(LABEL, label.getValue())) {
        throw new InvalidInputException(
            "invalid label '"
                + label.getKey()
                + "="
                + label.getValue()
                + "' on "
                + owner
                + ": keys and values must match "
                + LABEL.pattern(),
            "metadata.labels");
      }
    }
    return labels;
  }
}
