package io.knactor.sdk.http;

import java.util.List;

/**
 * A registered schema as the API shows it.
 *
 * @param name {@code App/version/Type/Kind}
 * @param source the schema language text it was registered with
 * @param fields the declared top-level fields, in declaration order
 */
public record SchemaInfo(String name, boolean singleton, String source, List<FieldInfo> fields) {
  public SchemaInfo {
    fields = List.copyOf(fields);
  }

  /**
   * One declared field.
   *
   * @param type as written in the schema language, e.g. {@code array<string>}
   * @param external marked {@code # +kr: external}
   * @param line the line of the declaration in {@code source}
   * @param fields the declared fields of a structured object (or of each element of an array of
   *     structured objects); empty otherwise
   */
  public record FieldInfo(
      String name, String type, boolean external, int line, List<FieldInfo> fields) {
    public FieldInfo {
      fields = List.copyOf(fields);
    }
  }
}
