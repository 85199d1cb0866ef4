package io.knactor.cast.spec;

/**
 * One rule of {@code dxg:}: the target field and the expression that fills it.
 *
 * @param location where the field's key is written
 */
public record RuleDecl(FieldRef target, SpecExpression expression, Location location) {}
