package io.knactor.core.schema;

/**
 * One declared field.
 *
 * @param external marked {@code # +kr: external}: filled by integrators, never by the knactor
 * @param line the line of the declaration in the schema source, for error messages
 */
public record Field(String name, FieldType type, boolean external, int line) {}
