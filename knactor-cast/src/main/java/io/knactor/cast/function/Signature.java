package io.knactor.cast.function;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The name, parameter types and result type of a custom function, written as {@code
 * currency_convert(double, string, string) -> double}.
 */
public record Signature(String name, List<ValueType> parameters, ValueType result) {
  private static final Pattern NAME = Pattern.compile("[a-z_][A-Za-z0-9_]*");
  private static final Pattern TEXT =
      Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\((.*)\\)\\s*->\\s*([a-z]+)\\s*");

  public Signature {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid function name '" + name + "': must match " + NAME.pattern());
    }
    parameters = List.copyOf(parameters);
    if (result == null) {
      throw new NullPointerException("result");
    }
  }

  /**
   * Parses {@code name(type, ...) -> type}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Signature parse(String text) {
    Matcher m = TEXT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "invalid signature '" + text + "': expected name(type, ...) -> type");
    }
    List<ValueType> parameters = new ArrayList<>();
    if (!m.group(2).isBlank()) {
      for (String word : m.group(2).split(",")) {
        parameters.add(type(word.strip(), text));
      }
    }
    return new Signature(m.group(1), parameters, type(m.group(3), text));
  }

  private static ValueType type(String word, String text) {
    ValueType type = ValueType.ofWord(word);
    if (type == null) {
      throw new IllegalArgumentException(
          "unknown type '"
              + word
              + "' in signature '"
              + text
              + "' (expected string, double, int, bool, list, map or dyn)");
    }
    return type;
  }

  /** A name unique among the overloads of all functions, as CEL requires. */
  public String overloadId() {
    return name
        + parameters.stream().map(p -> "_" + p.word()).collect(Collectors.joining())
        + "_to_"
        + result.word();
  }

  @Override
  public String toString() {
    return name
        + "("
        + parameters.stream().map(ValueType::word).collect(Collectors.joining(", "))
        + ") -> "
        + result.word();
  }
}
