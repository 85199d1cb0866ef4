package io.knactor.sdk.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.InvalidInputException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads members of JSON request and response bodies, refusing wrong shapes with an {@link
 * InvalidInputException} that names the member by its path (e.g. {@code
 * writes[2].resourceVersion}).
 */
public final class WireFields {
  private WireFields() {}

  /** The path of member {@code name} under {@code parent} ("" for the root). */
  public static String path(String parent, String name) {
    return parent.isEmpty() ? name : parent + "." + name;
  }

  /** A string member; null when absent or JSON null and not required. */
  public static String text(ObjectNode node, String name, String parent, boolean required) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      if (required) {
        throw missing(path(parent, name));
      }
      return null;
    }
    if (!value.isTextual()) {
      throw wrongType(path(parent, name), "a string", value);
    }
    return value.textValue();
  }

  /** An object member; null when absent or JSON null and not required. */
  public static ObjectNode object(ObjectNode node, String name, String parent, boolean required) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      if (required) {
        throw missing(path(parent, name));
      }
      return null;
    }
    if (!value.isObject()) {
      throw wrongType(path(parent, name), "an object", value);
    }
    return (ObjectNode) value;
  }

  /** A map of strings (labels, annotations); null when absent or JSON null. */
  public static Map<String, String> stringMap(ObjectNode node, String name, String parent) {
    ObjectNode value = object(node, name, parent, false);
    if (value == null) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> members = value.fields();
    while (members.hasNext()) {
      Map.Entry<String, JsonNode> member = members.next();
      if (!member.getValue().isTextual()) {
        throw wrongType(path(path(parent, name), member.getKey()), "a string", member.getValue());
      }
      out.put(member.getKey(), member.getValue().textValue());
    }
    return out;
  }

  /**
   * A resourceVersion member: a decimal string (numbers are accepted too); -1 when absent.
   *
   * @throws InvalidInputException when it is not a non-negative integer
   */
  public static long version(ObjectNode node, String name, String parent) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return -1;
    }
    String where = path(parent, name);
    if (value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= 0) {
      return value.longValue();
    }
    if (value.isTextual()) {
      return parseVersion(value.textValue(), where);
    }
    throw wrongType(where, "a decimal string", value);
  }

  /**
   * Parses a resourceVersion given as text.
   *
   * @throws InvalidInputException naming {@code where} when it is not a non-negative integer
   */
  public static long parseVersion(String text, String where) {
    try {
      long version = Long.parseLong(text);
      if (version >= 0) {
        return version;
      }
    } catch (NumberFormatException e) {
      // reported below with the field's name
    }
    throw new InvalidInputException(
        where + " must be a non-negative decimal integer, got '" + text + "'", where);
  }

  public static InvalidInputException missing(String path) {
    return new InvalidInputException(path + " is required", path);
  }

  public static InvalidInputException wrongType(String path, String expected, JsonNode got) {
    return new InvalidInputException(
        path
            + " must be "
            + expected
            + ", got "
            + got.getNodeType().name().toLowerCase(java.util.Locale.ROOT),
        path);
  }
}
