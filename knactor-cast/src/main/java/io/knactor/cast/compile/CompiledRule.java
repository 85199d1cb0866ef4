package io.knactor.cast.compile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelErrorCode;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelUnknownSet;
import io.knactor.cast.spec.FieldRef;
import io.knactor.cast.spec.KindRef;
import io.knactor.cast.spec.RuleDecl;
import io.knactor.core.schema.FieldType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One checked rule, ready to evaluate many times: its target, the kinds and fields it reads, and
 * its CEL program. Immutable and thread-safe.
 */
public final class CompiledRule {
  private static final Pattern ERROR_OFFSET = Pattern.compile("evaluation error at [^:]*:(\\d+):");

  private final RuleDecl decl;
  private final ResolvedKind target;
  private final FieldType targetType;
  private final List<ResolvedKind> inputs;
  private final boolean readsThis;
  private final Set<FieldRef> reads;
  private final CelAbstractSyntaxTree ast;
  private final CelRuntime.Program program;
  private final Map<Integer, String> selectionsByOffset;
  private final RequiredFields required;

  /**
   * @param inputs the kinds the expression reads through their alias
   * @param readsThis whether the expression reads {@code this}, the target object
   * @param ast the checked expression, with the type of every node
   * @param selectionsByOffset for each field selection in the expression, its code point offset and
   *     its text such as {@code S.shipment.quote.price}, to say which input is missing
   */
  public CompiledRule(
      RuleDecl decl,
      ResolvedKind target,
      FieldType targetType,
      List<ResolvedKind> inputs,
      boolean readsThis,
      Set<FieldRef> reads,
      CelAbstractSyntaxTree ast,
      CelRuntime.Program program,
      Map<Integer, String> selectionsByOffset) {
    this.decl = decl;
    this.target = target;
    this.targetType = targetType;
    this.inputs = List.copyOf(inputs);
    this.readsThis = readsThis;
    this.reads = Set.copyOf(reads);
    this.ast = ast;
    this.program = program;
    this.selectionsByOffset = Map.copyOf(selectionsByOffset);
    Set<String> variables = new HashSet<>();
    inputs.forEach(k -> variables.add(k.variable()));
    if (readsThis) {
      variables.add("this");
    }
    this.required = RequiredFields.of(ast.getExpr(), variables);
  }

  /** The field this rule fills, e.g. {@code C.order.paymentID}; also the rule's name. */
  public FieldRef target() {
    return decl.target();
  }

  public ResolvedKind targetKind() {
    return target;
  }

  public FieldType targetType() {
    return targetType;
  }

  public RuleDecl decl() {
    return decl;
  }

  /** The kinds read through an alias (the target kind too when read as {@code this}). */
  public List<KindRef> inputKinds() {
    List<KindRef> out = new ArrayList<>();
    inputs.forEach(k -> out.add(k.ref()));
    if (readsThis && !out.contains(target.ref())) {
      out.add(target.ref());
    }
    return out;
  }

  /** True for a rule that reads nothing: its value is a constant such as {@code "ground"}. */
  public boolean isConstant() {
    return inputs.isEmpty() && !readsThis;
  }

  /** The checked expression, with the type of every node (for translations such as push-down). */
  public CelAbstractSyntaxTree ast() {
    return ast;
  }

  /**
   * Whether the value depends on the target object's own state: the expression reads {@code this}
   * or the target's kind through an alias. A write of rules that do not is correct whatever the
   * target holds, so it need not expect the version read.
   */
  public boolean readsTarget() {
    return readsThis || inputs.stream().anyMatch(k -> k.ref().equals(target.ref()));
  }

  /** Whether the expression reads {@code this}, the target object. */
  public boolean readsThis() {
    return readsThis;
  }

  /** The kinds read through an alias, resolved (not {@code this}). */
  public List<ResolvedKind> aliasInputs() {
    return inputs;
  }

  /** The fields this rule reads, normalized to {@code Alias.kind.path}. */
  public Set<FieldRef> reads() {
    return reads;
  }

  /**
   * Evaluates the rule over the objects of one key.
   *
   * @param objects the data of each kind's object for this key; a kind without an object is absent
   * @return the value, or pending when an input object or field is missing, or failed with the
   *     reason
   */
  public RuleResult evaluate(Map<KindRef, ObjectNode> objects) {
    return evaluate(objects, new CelConversions(0));
  }

  /** As {@link #evaluate(Map)}, taking the objects' CEL values from {@code conversions}. */
  public RuleResult evaluate(Map<KindRef, ObjectNode> objects, CelConversions conversions) {
    Map<String, ObjectNode> bound = new HashMap<>();
    List<String> missing = new ArrayList<>();
    for (ResolvedKind input : inputs) {
      bind(objects.get(input.ref()), input, input.variable(), bound, missing);
    }
    if (readsThis) {
      bind(objects.get(target.ref()), target, "this", bound, missing);
    }
    if (!missing.isEmpty()) {
      // Pending even when this evaluation's path would not touch the missing object (an empty
      // list's map, a short-circuited branch): a rule runs only once every object it reads exists,
      // so that a cast never creates a target from part of its inputs.
      return new RuleResult.Pending("waiting for " + String.join(", ", missing));
    }
    String missingField = required.firstMissing(bound);
    if (missingField != null) {
      // What CEL would report, without raising and formatting its error.
      return new RuleResult.Pending("waiting for " + missingField);
    }
    Map<String, Object> activation = new HashMap<>();
    for (ResolvedKind input : inputs) {
      activation.put(
          input.variable(), conversions.of(bound.get(input.variable()), input.schema().root()));
    }
    if (readsThis) {
      activation.put("this", conversions.of(bound.get("this"), target.schema().root()));
    }
    Object result;
    try {
      result = program.eval(activation);
    } catch (CelEvaluationException e) {
      return failure(e);
    }
    if (result instanceof CelUnknownSet) {
      return new RuleResult.Pending("waiting for an input");
    }
    try {
      return new RuleResult.Value(CelValues.toJson(result));
    } catch (IllegalArgumentException e) {
      return new RuleResult.Failed(e.getMessage());
    }
  }

  private static void bind(
      ObjectNode data,
      ResolvedKind kind,
      String variable,
      Map<String, ObjectNode> bound,
      List<String> missing) {
    if (data == null) {
      missing.add(variable.equals("this") ? "this (" + kind.ref() + ")" : kind.ref().toString());
    } else {
      bound.put(variable, data);
    }
  }

  private RuleResult failure(CelEvaluationException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CelFunctions.FunctionFailure failure) {
        return new RuleResult.Failed(failure.getMessage());
      }
    }
    if (e.getErrorCode() == CelErrorCode.ATTRIBUTE_NOT_FOUND) {
      Matcher m = ERROR_OFFSET.matcher(e.getMessage());
      String selection = m.find() ? selectionsByOffset.get(Integer.parseInt(m.group(1))) : null;
      return new RuleResult.Pending(
          selection != null
              ? "waiting for " + selection
              : "waiting for an input: " + rootMessage(e));
    }
    return new RuleResult.Failed("evaluation error: " + rootMessage(e));
  }

  private static String rootMessage(CelEvaluationException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause().getMessage() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  @Override
  public String toString() {
    return target() + ": " + decl.expression().text();
  }
}
