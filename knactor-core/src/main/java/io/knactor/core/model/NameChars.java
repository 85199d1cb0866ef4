package io.knactor.core.model;

/** Character classes of the naming rules in {@link Names}, checked without a regex. */
final class NameChars {
  static final int LETTER = 1;
  static final int DIGIT = 2;
  static final int LOWER = 4;
  static final int DASH = 8;
  static final int DOT_UNDERSCORE = 16;
  static final int SLASH = 32;
  static final int ALNUM = LETTER | DIGIT;
  static final int LOWER_ALNUM = LOWER | DIGIT;
  static final int DASH_DOT = DASH | DOT_UNDERSCORE;

  private NameChars() {}

  /** Whether {@code c} is in one of the classes of {@code classes}. */
  static boolean in(char c, int classes) {
    if (c >= 'a' && c <= 'z') {
      return (classes & (LETTER | LOWER)) != 0;
    } else if (c >= 'A' && c <= 'Z') {
      return (classes & LETTER) != 0;
    } else if (c >= '0' && c <= '9') {
      return (classes & DIGIT) != 0;
    } else if (c == '-') {
      return (classes & DASH) != 0;
    } else if (c == '.' || c == '_') {
      return (classes & DOT_UNDERSCORE) != 0;
    } else if (c == '/') {
      return (classes & SLASH) != 0;
    }
    return false;
  }

  /**
   * 1 to {@code max} characters, the first and last in {@code ends}, the others in {@code inner}.
   */
  static boolean bracketed(String value, int max, int ends, int inner) {
    int n = value.length();
    if (n == 0 || n > max || !in(value.charAt(0), ends) || !in(value.charAt(n - 1), ends)) {
      return false;
    }
    for (int i = 1; i < n - 1; i++) {
      if (!in(value.charAt(i), inner)) {
        return false;
      }
    }
    return true;
  }

  /** 1 to {@code max} characters, the first in {@code first}, the others in {@code rest}. */
  static boolean led(String value, int max, int first, int rest) {
    int n = value.length();
    if (n == 0 || n > max || !in(value.charAt(0), first)) {
      return false;
    }
    for (int i = 1; i < n; i++) {
      if (!in(value.charAt(i), rest)) {
        return false;
      }
    }
    return true;
  }

  /** {@code v}, digits, then at most 20 lower-case letters or digits ({@link Names#VERSION}). */
  static boolean version(String value) {
    int n = value.length();
    if (n < 2 || value.charAt(0) != 'v' || !in(value.charAt(1), DIGIT)) {
      return false;
    }
    int tail = 2;
    while (tail < n && in(value.charAt(tail), DIGIT)) {
      tail++;
    }
    if (n - tail > 20) {
      return false;
    }
    for (int i = tail; i < n; i++) {
      if (!in(value.charAt(i), LOWER_ALNUM)) {
        return false;
      }
    }
    return true;
  }
}
