package io.knactor.cast.function;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The types a custom function's parameters and result may have, with the Java class their values
 * arrive as: {@code string} String, {@code double} Double, {@code int} Long, {@code bool} Boolean,
 * {@code list} List, {@code map} Map with String keys, {@code dyn} any of them.
 */
public enum ValueType {
  STRING(String.class),
  DOUBLE(Double.class),
  INT(Long.class),
  BOOL(Boolean.class),
  LIST(List.class),
  MAP(Map.class),
  DYN(Object.class);

  private final Class<?> javaType;

  ValueType(Class<?> javaType) {
    this.javaType = javaType;
  }

  /** The Java class values of this type have. */
  public Class<?> javaType() {
    return javaType;
  }

  /** The name as written in a signature, e.g. {@code double}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type named {@code word}, or null. */
  static ValueType ofWord(String word) {
    for (ValueType type : values()) {
      if (type.word().equals(word)) {
        return type;
      }
    }
    return null;
  }
}
