package io.knactor.cast.check;

import dev.cel.common.CelAbstractSyntaxTree;
import io.knactor.cast.compile.ResolvedKind;
import io.knactor.cast.spec.FieldRef;
import io.knactor.cast.spec.RuleDecl;
import io.knactor.core.schema.FieldType;
import java.util.List;
import java.util.Set;

/**
 * A rule whose expression parsed, with its references resolved as far as they go.
 *
 * @param target the target kind; null when it does not resolve
 * @param clean true when the rule has no error so far and can be type-checked
 */
record ParsedRule(
    RuleDecl decl,
    ResolvedKind target,
    FieldType targetType,
    CelAbstractSyntaxTree ast,
    References refs,
    List<ResolvedKind> inputs,
    boolean readsThis,
    Set<FieldRef> reads,
    boolean clean) {}
