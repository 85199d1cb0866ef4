package io.knactor.sync.spec;

import io.knactor.cast.spec.Location;
import io.knactor.cast.spec.SpecExpression;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One step of a flow's pipeline as written. {@link #signature()} is the step's canonical text
 * without locations: two flows whose pipelines start with equal signatures over the same source
 * share one execution of that prefix.
 */
public sealed interface OperatorDecl {
  /** The operator's keyword, e.g. {@code filter}. */
  String operator();

  Location location();

  /** The canonical text of the step, independent of where and how it was written. */
  String signature();

  /** {@code filter: EXPR}: keeps the records for which the CEL condition is true. */
  record Filter(SpecExpression condition, Location location) implements OperatorDecl {
    public String operator() {
      return "filter";
    }

    public String signature() {
      return "filter(" + condition.text().strip() + ")";
    }
  }

  /** {@code put: {field: EXPR}}: sets each field to its CEL value, all computed from the input. */
  record Put(List<Assignment> fields, Location location) implements OperatorDecl {
    public Put {
      fields = List.copyOf(fields);
    }

    public String operator() {
      return "put";
    }

    public String signature() {
      return "put("
          + fields.stream()
              .map(a -> a.field().value() + "=" + a.expression().text().strip())
              .collect(Collectors.joining(";"))
          + ")";
    }
  }

  /** One {@code field: EXPR} of a put. */
  record Assignment(Name field, SpecExpression expression) {}

  /** {@code rename: {from: to}}. */
  record Rename(List<Renaming> fields, Location location) implements OperatorDecl {
    public Rename {
      fields = List.copyOf(fields);
    }

    public String operator() {
      return "rename";
    }

    public String signature() {
      return "rename("
          + fields.stream()
              .map(r -> r.from().value() + "->" + r.to().value())
              .collect(Collectors.joining(","))
          + ")";
    }
  }

  /** One {@code from: to} of a rename. */
  record Renaming(Name from, Name to) {}

  /** {@code cut: [fields]}: keeps only these fields. */
  record Cut(List<Name> fields, Location location) implements OperatorDecl {
    public Cut {
      fields = List.copyOf(fields);
    }

    public String operator() {
      return "cut";
    }

    public String signature() {
      return "cut(" + names(fields) + ")";
    }
  }

  /** {@code drop: [fields]}: removes these fields. */
  record Drop(List<Name> fields, Location location) implements OperatorDecl {
    public Drop {
      fields = List.copyOf(fields);
    }

    public String operator() {
      return "drop";
    }

    public String signature() {
      return "drop(" + names(fields) + ")";
    }
  }

  /** {@code sort: {by, order, window}}: emits each window's records ordered by a field. */
  record Sort(Name by, boolean descending, WindowDecl window, Location location)
      implements OperatorDecl {
    public String operator() {
      return "sort";
    }

    public String signature() {
      return "sort("
          + by.value()
          + (descending ? " desc" : " asc")
          + ","
          + window.signature()
          + ")";
    }
  }

  /** {@code aggregate: {by, window, compute}}: one record per group and window. */
  record Aggregate(List<Name> by, WindowDecl window, List<AggregateCall> compute, Location location)
      implements OperatorDecl {
    public Aggregate {
      by = List.copyOf(by);
      compute = List.copyOf(compute);
    }

    public String operator() {
      return "aggregate";
    }

    public String signature() {
      return "aggregate(by="
          + names(by)
          + ","
          + window.signature()
          + ","
          + compute.stream().map(AggregateCall::toString).collect(Collectors.joining(","))
          + ")";
    }
  }

  /**
   * One {@code output: function(field)} of an aggregate.
   *
   * @param field null for {@code count()}
   */
  record AggregateCall(Name output, String function, Name field, Location location) {
    @Override
    public String toString() {
      return output.value() + "=" + function + "(" + (field == null ? "" : field.value()) + ")";
    }
  }

  /** {@code dedupe: {by, window}}: keeps the first record per key within each window. */
  record Dedupe(List<Name> by, WindowDecl window, Location location) implements OperatorDecl {
    public Dedupe {
      by = List.copyOf(by);
    }

    public String operator() {
      return "dedupe";
    }

    public String signature() {
      return "dedupe(by=" + names(by) + "," + window.signature() + ")";
    }
  }

  /**
   * {@code repartition: {by}}: re-keys the records by their values of the fields and moves them,
   * through an internal log store, to the partition of that key, so the steps after it see every
   * record of a group in one partition.
   */
  record Repartition(List<Name> by, Location location) implements OperatorDecl {
    public Repartition {
      by = List.copyOf(by);
    }

    public String operator() {
      return "repartition";
    }

    public String signature() {
      return "repartition(by=" + names(by) + ")";
    }
  }

  /** {@code operator: NAME}: a registered Java operator with keyed state. */
  record User(Name name, Location location) implements OperatorDecl {
    public String operator() {
      return "operator";
    }

    public String signature() {
      return "operator(" + name.value() + ")";
    }
  }

  private static String names(List<Name> names) {
    return names.stream().map(Name::value).collect(Collectors.joining(","));
  }
}
