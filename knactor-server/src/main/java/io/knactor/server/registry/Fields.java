package io.knactor.server.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.model.StoreRef;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Reads the keys of one YAML registry document, reporting problems instead of throwing. */
final class Fields {
  private final ObjectNode node;
  private final RegistryDocument.Source source;
  private final Problems problems;

  Fields(ObjectNode node, RegistryDocument.Source source, Problems problems) {
    this.node = node;
    this.source = source;
    this.problems = problems;
  }

  void onlyKeys(String... allowed) {
    Set<String> known = Set.of(allowed);
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        problems.add(
            source,
            name,
            "unknown key '" + name + "' in a " + node.path("kind").asText() + " document");
      }
    }
  }

  /** A scalar as text; null (reported when required) when absent or not a scalar. */
  String text(String key, boolean required) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      if (required) {
        problems.add(source, null, "'" + key + "' is required");
      }
      return null;
    }
    if (!value.isValueNode()) {
      problems.add(source, key, "'" + key + "' must be a single value");
      return null;
    }
    return value.asText();
  }

  /** A list of scalars; null (reported when required) when absent or not a list. */
  List<String> strings(String key, boolean required) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      if (required) {
        problems.add(source, null, "'" + key + "' is required");
      }
      return null;
    }
    if (!value.isArray()) {
      problems.add(source, key, "'" + key + "' must be a list");
      return null;
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isValueNode()) {
        problems.add(source, key, "'" + key + "' must list single values");
        return null;
      }
      out.add(item.asText());
    }
    return out;
  }

  StoreRef store(String key) {
    String text = text(key, true);
    if (text == null) {
      return null;
    }
    try {
      return StoreRef.parse(text);
    } catch (InvalidInputException e) {
      problems.add(source, key, e.getMessage());
      return null;
    }
  }

  String principalName(String key) {
    String text = text(key, true);
    if (text != null && !Principal.NAME.matcher(text).matches()) {
      problems.add(
          source,
          key,
          "invalid principal name '" + text + "': must match " + Principal.NAME.pattern());
      return null;
    }
    return text;
  }
}
