package io.knactor.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.model.SchemaRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The declared shape of one kind of object in the stores of one knactor type, written in the schema
 * language of the Knactor paper's Figure 5 (see {@link SchemaParser}).
 *
 * @param singleton marked {@code # +kr: singleton}: one object per store, such as a house's
 *     configuration
 * @param source the text it was parsed from, kept so it can be shown back to people
 */
public record Schema(SchemaRef ref, FieldType root, boolean singleton, String source) {

  public Map<String, Field> fields() {
    return root.fields();
  }

  /**
   * The type at a dotted path such as {@code quote.price}; array elements are reached through the
   * array's name, so {@code items.name} is the name of each item.
   */
  public Optional<FieldType> typeAt(String path) {
    FieldType type = root;
    for (String part : path.split("\\.")) {
      while (type.kind() == FieldType.Kind.ARRAY && type.element() != null) {
        type = type.element();
      }
      if (type.kind() == FieldType.Kind.ANY
          || (type.kind() == FieldType.Kind.OBJECT && !type.isStructured())) {
        return Optional.of(FieldType.scalar(FieldType.Kind.ANY));
      }
      Field field = type.fields().get(part);
      if (field == null) {
        return Optional.empty();
      }
      type = field.type();
    }
    return Optional.of(type);
  }

  /** Dotted paths of every field marked external, in declaration order. */
  public List<String> externalPaths() {
    List<String> paths = new ArrayList<>();
    collectExternal(root, "", paths);
    return paths;
  }

  private static void collectExternal(FieldType type, String prefix, List<String> out) {
    for (Field field : type.fields().values()) {
      String path = prefix + field.name();
      if (field.external()) {
        out.add(path);
      } else if (field.type().isStructured()) {
        collectExternal(field.type(), path + ".", out);
      }
    }
  }

  /**
   * The external fields whose value differs between {@code before} (null when the object is new)
   * and {@code after}: what a reconciler may not do.
   */
  public List<String> changedExternalFields(ObjectNode before, ObjectNode after) {
    List<String> changed = new ArrayList<>();
    for (String path : externalPaths()) {
      if (!Objects.equals(at(before, path), at(after, path))) {
        changed.add(path);
      }
    }
    return changed;
  }

  private static JsonNode at(JsonNode node, String path) {
    JsonNode current = node;
    for (String part : path.split("\\.")) {
      if (current == null || !current.isObject()) {
        return null;
      }
      current = current.get(part);
    }
    return current == null || current.isNull() ? null : current;
  }

  /** Every way {@code data} departs from this schema; empty when it conforms. */
  public List<Violation> violations(ObjectNode data) {
    List<Violation> out = new ArrayList<>();
    SchemaValidator.check(root, data, "", out);
    return out;
  }

  /**
   * @throws InvalidInputException naming the first offending field, and listing the others
   */
  public void requireValid(ObjectNode data) {
    List<Violation> found = violations(data);
    if (!found.isEmpty()) {
      StringBuilder message = new StringBuilder("does not match schema ").append(ref).append(": ");
      for (int i = 0; i < found.size(); i++) {
        message.append(i == 0 ? "" : "; ").append(found.get(i).message());
      }
      throw new InvalidInputException(message.toString(), found.get(0).path());
    }
  }

  /** One departure from the schema at a JSON path such as {@code items[2].name}. */
  public record Violation(String path, String message) {}
}
