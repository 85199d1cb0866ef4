package io.knactor.sync.check;

import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelTypes;
import io.knactor.cast.check.Issue;
import io.knactor.cast.spec.Location;
import io.knactor.core.schema.Field;
import io.knactor.core.schema.FieldType;
import io.knactor.sync.exec.internal.AggregateOperator;
import io.knactor.sync.exec.internal.DedupeOperator;
import io.knactor.sync.exec.internal.FilterOperator;
import io.knactor.sync.exec.internal.Operator;
import io.knactor.sync.exec.internal.PutOperator;
import io.knactor.sync.exec.internal.RecordProgram;
import io.knactor.sync.exec.internal.RepartitionOperator;
import io.knactor.sync.exec.internal.ReshapeOperator;
import io.knactor.sync.exec.internal.SortOperator;
import io.knactor.sync.exec.internal.UserStep;
import io.knactor.sync.operator.OperatorRegistry;
import io.knactor.sync.operator.UserOperator;
import io.knactor.sync.spec.Durations;
import io.knactor.sync.spec.Name;
import io.knactor.sync.spec.OperatorDecl;
import io.knactor.sync.spec.WindowDecl;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Checks one pipeline step against the shape of its input records and compiles it. */
final class StepTyper {
  private final OperatorRegistry operators;
  private final Expressions expressions;
  private final List<Issue> issues;

  StepTyper(OperatorRegistry operators, Expressions expressions, List<Issue> issues) {
    this.operators = operators;
    this.expressions = expressions;
    this.issues = issues;
  }

  /** A compiled step and the shape of the records it emits. */
  record Typed(Operator operator, FieldType output) {}

  /**
   * Checks {@code decl} over records of shape {@code input} (null when an earlier step failed: only
   * what does not depend on the shape is checked).
   *
   * @return null when the step has an error or its input is not known
   */
  Typed type(OperatorDecl decl, FieldType input, String field) {
    int before = issues.size();
    Typed typed = null;
    if (decl instanceof OperatorDecl.Sort s) {
      typed = sort(s, input, field);
    } else if (decl instanceof OperatorDecl.Aggregate a) {
      typed = aggregate(a, input, field);
    } else if (decl instanceof OperatorDecl.Dedupe d) {
      typed = dedupe(d, input, field);
    } else if (decl instanceof OperatorDecl.Repartition r) {
      typed = repartition(r, input, field);
    } else if (decl instanceof OperatorDecl.User u) {
      typed = user(u, input, field);
    } else if (input != null) {
      typed = reshape(decl, input, field);
    }
    return issues.size() == before ? typed : null;
  }

  /** The steps that need a known input shape: filter, put, rename, cut, drop. */
  private Typed reshape(OperatorDecl decl, FieldType input, String field) {
    if (decl instanceof OperatorDecl.Filter f) {
      return filter(f, input, field);
    } else if (decl instanceof OperatorDecl.Put p) {
      return put(p, input, field);
    } else if (decl instanceof OperatorDecl.Rename r) {
      return rename(r, input, field);
    } else if (decl instanceof OperatorDecl.Cut c) {
      return cut(c, input, field);
    } else if (decl instanceof OperatorDecl.Drop d) {
      return drop(d, input, field);
    }
    throw new IllegalStateException("unhandled operator " + decl.operator());
  }

  private Typed filter(OperatorDecl.Filter decl, FieldType input, String field) {
    Expressions.Compiled compiled = expressions.compile(decl.condition(), input, field, issues);
    if (compiled == null) {
      return null;
    }
    CelKind kind = compiled.resultType().kind();
    if (kind != CelKind.BOOL && !kind.isDyn()) {
      error(
          decl.condition().start(),
          field,
          "a filter must yield bool, but the expression yields "
              + CelTypes.format(compiled.resultType()));
      return null;
    }
    return new Typed(new FilterOperator(decl.signature(), compiled.program()), input);
  }

  private Typed put(OperatorDecl.Put decl, FieldType input, String field) {
    Map<String, RecordProgram> programs = new LinkedHashMap<>();
    FieldType output = input;
    for (OperatorDecl.Assignment assignment : decl.fields()) {
      String name = assignment.field().value();
      Expressions.Compiled compiled =
          expressions.compile(assignment.expression(), input, field + "." + name, issues);
      if (compiled != null) {
        programs.put(name, compiled.program());
        if (RecordTypes.known(output)) {
          output = RecordTypes.with(output, name, RecordTypes.of(compiled.resultType()));
        }
      }
    }
    return new Typed(new PutOperator(decl.signature(), programs), output);
  }

  private Typed rename(OperatorDecl.Rename decl, FieldType input, String field) {
    Map<String, String> renames = new LinkedHashMap<>();
    for (OperatorDecl.Renaming r : decl.fields()) {
      renames.put(r.from().value(), r.to().value());
    }
    if (!RecordTypes.known(input)) {
      return new Typed(ReshapeOperator.rename(decl.signature(), renames), input);
    }
    Map<String, Field> fields = new LinkedHashMap<>();
    for (Field f : input.fields().values()) {
      String name = renames.getOrDefault(f.name(), f.name());
      fields.put(name, new Field(name, f.type(), false, f.line()));
    }
    for (OperatorDecl.Renaming r : decl.fields()) {
      requireField(input, r.from(), field);
      String to = r.to().value();
      if (input.fields().containsKey(to) && !renames.containsKey(to)) {
        error(
            r.to().location(),
            field,
            "renaming '" + r.from() + "' to '" + to + "' would overwrite the field '" + to + "'");
      }
    }
    long distinct = renames.values().stream().distinct().count();
    if (distinct < renames.size()) {
      error(decl.location(), field, "two fields are renamed to the same name");
    }
    return new Typed(
        ReshapeOperator.rename(decl.signature(), renames), FieldType.objectWith(fields));
  }

  private Typed cut(OperatorDecl.Cut decl, FieldType input, String field) {
    Set<String> names = names(decl.fields());
    decl.fields().forEach(n -> requireField(input, n, field));
    FieldType output = input;
    if (RecordTypes.known(input)) {
      Map<String, Field> kept = new LinkedHashMap<>(input.fields());
      kept.keySet().retainAll(names);
      output = kept.isEmpty() ? RecordTypes.UNKNOWN : FieldType.objectWith(kept);
    }
    return new Typed(ReshapeOperator.cut(decl.signature(), names), output);
  }

  private Typed drop(OperatorDecl.Drop decl, FieldType input, String field) {
    Set<String> names = names(decl.fields());
    decl.fields().forEach(n -> requireField(input, n, field));
    FieldType output = input;
    if (RecordTypes.known(input)) {
      Map<String, Field> kept = new LinkedHashMap<>(input.fields());
      kept.keySet().removeAll(names);
      if (kept.isEmpty()) {
        error(decl.location(), field, "drop removes every field of the records");
      }
      output = kept.isEmpty() ? RecordTypes.UNKNOWN : FieldType.objectWith(kept);
    }
    return new Typed(ReshapeOperator.drop(decl.signature(), names), output);
  }

  private Typed sort(OperatorDecl.Sort decl, FieldType input, String field) {
    boolean window = tumblingWindow(decl.window(), field);
    if (input == null || !window) {
      return null;
    }
    FieldType type = requireField(input, decl.by(), field);
    if (type != null
        && (type.kind() == FieldType.Kind.OBJECT || type.kind() == FieldType.Kind.ARRAY)) {
      error(decl.by().location(), field, "cannot sort by '" + decl.by() + "', an " + type);
    }
    WindowDecl w = decl.window();
    return new Typed(
        new SortOperator(
            decl.signature(),
            decl.by().value(),
            decl.descending(),
            w.sizeMillis(),
            w.latenessMillis()),
        input);
  }

  private Typed dedupe(OperatorDecl.Dedupe decl, FieldType input, String field) {
    boolean window = tumblingWindow(decl.window(), field);
    if (input == null || !window) {
      return null;
    }
    decl.by().forEach(n -> requireField(input, n, field));
    WindowDecl w = decl.window();
    return new Typed(
        new DedupeOperator(
            decl.signature(),
            new ArrayList<>(names(decl.by())),
            w.sizeMillis(),
            w.latenessMillis()),
        input);
  }

  private Typed aggregate(OperatorDecl.Aggregate decl, FieldType input, String field) {
    boolean window = window(decl.window(), field, true);
    List<AggregateOperator.Call> calls = new ArrayList<>();
    Map<String, FieldType> output = new LinkedHashMap<>();
    for (Name by : decl.by()) {
      FieldType type = input == null ? null : requireField(input, by, field);
      output.put(by.value(), type == null ? RecordTypes.UNKNOWN : type);
    }
    Set<String> outputs = new HashSet<>();
    for (OperatorDecl.AggregateCall call : decl.compute()) {
      String where = field + ".compute." + call.output().value();
      AggregateOperator.Function function = function(call, where);
      if (function == null) {
        continue;
      }
      FieldType type = callType(call, function, input, where);
      String name = call.output().value();
      if (output.containsKey(name)
          || name.equals("windowStart")
          || name.equals("windowEnd")
          || !outputs.add(name)) {
        error(
            call.output().location(),
            where,
            "output '" + name + "' clashes with a group field or windowStart/windowEnd");
      }
      output.put(name, type == null ? RecordTypes.UNKNOWN : type);
      calls.add(
          new AggregateOperator.Call(
              name, function, call.field() == null ? null : call.field().value()));
    }
    output.put("windowStart", FieldType.scalar(FieldType.Kind.INTEGER));
    output.put("windowEnd", FieldType.scalar(FieldType.Kind.INTEGER));
    if (input == null || !window) {
      return null;
    }
    WindowDecl w = decl.window();
    return new Typed(
        new AggregateOperator(
            decl.signature(),
            new ArrayList<>(names(decl.by())),
            w.sizeMillis(),
            w.slideMillis(),
            w.latenessMillis(),
            calls),
        RecordTypes.object(output));
  }

  private AggregateOperator.Function function(OperatorDecl.AggregateCall call, String where) {
    AggregateOperator.Function function;
    try {
      function = AggregateOperator.Function.valueOf(call.function().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      error(
          call.location(),
          where,
          "unknown aggregate function '"
              + call.function()
              + "' (expected count, sum, avg, min, max, last)");
      return null;
    }
    if (!call.function().equals(function.name().toLowerCase(Locale.ROOT))) {
      error(call.location(), where, "aggregate functions are lower case: " + call.function());
      return null;
    }
    if ((function == AggregateOperator.Function.COUNT) != (call.field() == null)) {
      error(
          call.location(),
          where,
          function == AggregateOperator.Function.COUNT
              ? "count() takes no field"
              : call.function() + "() needs a field, e.g. " + call.function() + "(watts)");
      return null;
    }
    return function;
  }

  private FieldType callType(
      OperatorDecl.AggregateCall call,
      AggregateOperator.Function function,
      FieldType input,
      String where) {
    if (function == AggregateOperator.Function.COUNT) {
      return FieldType.scalar(FieldType.Kind.INTEGER);
    }
    FieldType type = input == null ? null : requireField(input, call.field(), where);
    if (type == null) {
      return null;
    }
    if (function == AggregateOperator.Function.LAST) {
      return type;
    }
    if (!RecordTypes.numeric(type)) {
      error(
          call.location(),
          where,
          call.function()
              + "("
              + call.field()
              + ") needs a number, but '"
              + call.field()
              + "' is "
              + type);
      return null;
    }
    return FieldType.scalar(FieldType.Kind.NUMBER);
  }

  private Typed repartition(OperatorDecl.Repartition decl, FieldType input, String field) {
    if (input == null) {
      return null;
    }
    decl.by().forEach(n -> requireField(input, n, field));
    return new Typed(
        new RepartitionOperator(decl.signature(), new ArrayList<>(names(decl.by()))), input);
  }

  private Typed user(OperatorDecl.User decl, FieldType input, String field) {
    String name = decl.name().value();
    UserOperator operator = operators.find(name).orElse(null);
    if (operator == null) {
      error(
          decl.name().location(),
          field,
          "unknown user operator '"
              + name
              + "' "
              + (operators.names().isEmpty()
                  ? "(no user operators are registered)"
                  : "(registered: " + String.join(", ", operators.names()) + ")"));
      return null;
    }
    if (input == null) {
      return null;
    }
    FieldType output;
    try {
      output = operator.outputType(input);
    } catch (RuntimeException e) {
      error(
          decl.name().location(),
          field,
          "operator " + name + " rejects its input: " + e.getMessage());
      return null;
    }
    return new Typed(
        new UserStep(decl.signature(), name, operator),
        output == null ? RecordTypes.UNKNOWN : output);
  }

  private boolean tumblingWindow(WindowDecl window, String field) {
    return window(window, field, false);
  }

  /** Reports a bad window; true when it is good. */
  private boolean window(WindowDecl window, String field, boolean maySlide) {
    int before = issues.size();
    String where = field + ".window";
    if (window.sizeMillis() <= 0) {
      error(window.location(), where, "the window size must be positive");
    } else if (window.slideMillis() <= 0) {
      error(window.location(), where, "the slide must be positive");
    } else if (window.sliding() && !maySlide) {
      error(window.location(), where, "only aggregate windows slide; remove 'slide'");
    } else if (window.slideMillis() > window.sizeMillis()) {
      error(
          window.location(),
          where,
          "the slide "
              + Durations.format(window.slideMillis())
              + " is longer than the window size "
              + Durations.format(window.sizeMillis()));
    } else if (window.sizeMillis() % window.slideMillis() != 0) {
      error(
          window.location(),
          where,
          "the window size "
              + Durations.format(window.sizeMillis())
              + " is not a multiple of the slide "
              + Durations.format(window.slideMillis()));
    }
    return issues.size() == before;
  }

  /** The type of a field of the input; null after reporting it unknown. */
  private FieldType requireField(FieldType input, Name name, String field) {
    if (!RecordTypes.known(input)) {
      return RecordTypes.UNKNOWN;
    }
    Field f = input.fields().get(name.value());
    if (f == null) {
      error(
          name.location(),
          field,
          "unknown field '"
              + name
              + "' (the records here have "
              + CheckRun.fieldList(input.fields())
              + ")");
      return null;
    }
    return f.type();
  }

  private static Set<String> names(List<Name> names) {
    Set<String> out = new LinkedHashSet<>();
    names.forEach(n -> out.add(n.value()));
    return out;
  }

  private void error(Location location, String field, String message) {
    issues.add(Issue.error(location, field, message));
  }
}
