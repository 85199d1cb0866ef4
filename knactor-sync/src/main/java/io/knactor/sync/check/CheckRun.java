package io.knactor.sync.check;

import io.knactor.cast.check.Issue;
import io.knactor.cast.check.SchemaCatalog;
import io.knactor.cast.spec.InputDecl;
import io.knactor.cast.spec.KindRef;
import io.knactor.cast.spec.Location;
import io.knactor.core.schema.Field;
import io.knactor.core.schema.FieldType;
import io.knactor.core.schema.Schema;
import io.knactor.sync.exec.internal.Operator;
import io.knactor.sync.operator.OperatorRegistry;
import io.knactor.sync.plan.Destination;
import io.knactor.sync.plan.FlowSink;
import io.knactor.sync.plan.PlannedFlow;
import io.knactor.sync.plan.Planner;
import io.knactor.sync.plan.SourceStream;
import io.knactor.sync.spec.FlowDecl;
import io.knactor.sync.spec.OperatorDecl;
import io.knactor.sync.spec.SinkDecl;
import io.knactor.sync.spec.StreamDecl;
import io.knactor.sync.spec.SyncSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** One check of one spec: resolves streams, types each flow's steps, checks sinks, plans. */
final class CheckRun {
  private final SyncSpec spec;
  private final long revision;
  private final SchemaCatalog catalog;
  private final StepTyper steps;
  private final List<Issue> issues = new ArrayList<>();
  private final Set<String> storesWithoutSchemas = new HashSet<>();

  CheckRun(
      SyncSpec spec,
      long revision,
      SchemaCatalog catalog,
      OperatorRegistry operators,
      Expressions expressions) {
    this.spec = spec;
    this.revision = revision;
    this.catalog = catalog;
    this.steps = new StepTyper(operators, expressions, issues);
  }

  SyncCheckResult run() {
    for (InputDecl input : spec.inputs().values()) {
      if (catalog.kindsOf(input.store()).isEmpty()) {
        storesWithoutSchemas.add(input.alias());
        issues.add(
            Issue.error(
                input.location(),
                "input." + input.alias(),
                "no schemas are known for store "
                    + input.store()
                    + "; register its schemas first"));
      }
    }
    List<PlannedFlow> planned = new ArrayList<>();
    for (FlowDecl flow : spec.flows()) {
      flow(flow).ifPresent(planned::add);
    }
    checkIdleTimeouts(planned);
    if (issues.stream().anyMatch(i -> i.severity() == io.knactor.cast.check.Severity.ERROR)) {
      return new SyncCheckResult(spec.file(), issues, null);
    }
    return new SyncCheckResult(spec.file(), issues, Planner.plan(spec, revision, planned));
  }

  private Optional<PlannedFlow> flow(FlowDecl flow) {
    // A query's one flow has no sink: its field names start at the pipeline.
    String prefix = flow.sink() == null ? "" : "flows." + flow.name() + ".";
    Optional<Schema> source = resolve(flow.from(), prefix + "from");
    FieldType type = source.map(Schema::root).orElse(null);
    List<Operator> compiled = new ArrayList<>();
    boolean clean = source.isPresent();
    for (int i = 0; i < flow.pipeline().size(); i++) {
      OperatorDecl decl = flow.pipeline().get(i);
      String field = prefix + "pipeline[" + i + "]." + decl.operator();
      if (decl instanceof OperatorDecl.Repartition) {
        clean &= repartitionPlaced(flow, i, field);
      }
      StepTyper.Typed typed = steps.type(decl, type, field);
      if (typed == null) {
        clean = false;
        type = null;
      } else {
        compiled.add(typed.operator());
        type = typed.output();
      }
    }
    if (flow.sink() == null) {
      if (!clean) {
        return Optional.empty();
      }
      StreamDecl from = flow.from();
      FlowSink result =
          new FlowSink(
              flow.name(),
              destination(Destination.Mode.RESULT, from, source.get()),
              null,
              RecordTypes.known(type) ? List.copyOf(type.fields().keySet()) : List.of());
      return Optional.of(
          new PlannedFlow(flow.name(), stream(from, source.get()), compiled, result, null));
    }
    SinkDecl sinkDecl = flow.sink();
    String sinkField = prefix + (sinkDecl.mode() == SinkDecl.Mode.APPEND ? "to" : "fold");
    Optional<Schema> target = resolve(sinkDecl.target(), sinkField);
    if (target.isPresent() && type != null) {
      checkSink(sinkDecl, target.get(), type, sinkField);
    }
    if (target.isPresent() && source.isPresent() && sinkDecl.mode() == SinkDecl.Mode.APPEND) {
      if (stream(flow.from(), source.get()).equals(stream(sinkDecl.target(), target.get()))) {
        issues.add(
            Issue.error(
                sinkDecl.target().location(),
                sinkField,
                "flow " + flow.name() + " appends to the stream it reads (" + flow.from() + ")"));
      }
    }
    FlowSink deadLetter = null;
    if (flow.deadLetter() != null) {
      Optional<Schema> letters = resolve(flow.deadLetter(), prefix + "deadLetter");
      if (letters.isEmpty()) {
        clean = false;
      } else {
        deadLetter =
            new FlowSink(
                flow.name(),
                destination(Destination.Mode.DEAD_LETTER, flow.deadLetter(), letters.get()),
                null,
                List.of());
      }
    }
    if (!clean || target.isEmpty()) {
      return Optional.empty();
    }
    Destination.Mode mode =
        sinkDecl.mode() == SinkDecl.Mode.APPEND ? Destination.Mode.APPEND : Destination.Mode.FOLD;
    FlowSink sink =
        new FlowSink(
            flow.name(),
            destination(mode, sinkDecl.target(), target.get()),
            sinkDecl.objectName(),
            RecordTypes.known(type) ? List.copyOf(type.fields().keySet()) : List.of());
    return Optional.of(
        new PlannedFlow(
            flow.name(),
            stream(flow.from(), source.get()),
            compiled,
            sink,
            deadLetter,
            flow.idleTimeout()));
  }

  /**
   * A repartition moves records to another partition for the steps after it: it needs a step after
   * it, and a store to move them through, which a query does not have.
   */
  private boolean repartitionPlaced(FlowDecl flow, int index, String field) {
    Location where = flow.pipeline().get(index).location();
    if (flow.sink() == null) {
      issues.add(
          Issue.error(
              where,
              field,
              "a query cannot repartition: it runs its steps over each partition of the store"
                  + " apart and has no store to move records through; run a Sync for results"
                  + " per group across partitions"));
      return false;
    }
    if (index == flow.pipeline().size() - 1) {
      issues.add(
          Issue.error(
              where,
              field,
              "repartition is the last step of flow "
                  + flow.name()
                  + ": it only regroups records for the steps after it (e.g. an aggregate by the"
                  + " same fields); remove it or add those steps"));
      return false;
    }
    return true;
  }

  /** The watermark belongs to the source's partitions, so the flows of a source share it. */
  private void checkIdleTimeouts(List<PlannedFlow> planned) {
    Map<SourceStream, PlannedFlow> first = new HashMap<>();
    for (PlannedFlow flow : planned) {
      PlannedFlow other = first.putIfAbsent(flow.source(), flow);
      if (other != null && other.idleTimeout() != flow.idleTimeout()) {
        FlowDecl decl =
            spec.flows().stream().filter(f -> f.name().equals(flow.name())).findFirst().get();
        issues.add(
            Issue.error(
                decl.location(),
                "flows." + flow.name() + ".idleTimeout",
                "flows "
                    + other.name()
                    + " and "
                    + flow.name()
                    + " read "
                    + decl.from()
                    + " and must declare the same idleTimeout (the watermark belongs to the"
                    + " source's partitions): "
                    + other.idleTimeout()
                    + " ms and "
                    + flow.idleTimeout()
                    + " ms"));
      }
    }
  }

  private void checkSink(SinkDecl sink, Schema target, FieldType type, String field) {
    if (!RecordTypes.known(type)) {
      return;
    }
    String what = sink.target() + " (" + target.ref() + ")";
    for (Field out : type.fields().values()) {
      Field declared = target.fields().get(out.name());
      if (declared == null) {
        issues.add(
            Issue.error(
                sink.target().location(),
                field,
                "field '"
                    + out.name()
                    + "' is not declared in "
                    + what
                    + " (it declares "
                    + String.join(", ", target.fields().keySet())
                    + ")"));
        continue;
      }
      String mismatch = RecordTypes.mismatch(out.type(), declared.type());
      if (mismatch != null) {
        issues.add(
            Issue.error(
                sink.target().location(),
                field,
                "field '" + out.name() + "' is " + mismatch + " in " + what));
      }
      if (sink.mode() == SinkDecl.Mode.FOLD && !declared.external()) {
        issues.add(
            Issue.error(
                sink.target().location(),
                field,
                "field '"
                    + out.name()
                    + "' of "
                    + what
                    + " is not marked '+kr: external'; a sync may only fold into external fields"));
      }
    }
  }

  /** The schema of the records a stream names; reports an unknown alias or kind. */
  private Optional<Schema> resolve(StreamDecl stream, String field) {
    KindRef ref = stream.ref();
    InputDecl input = spec.inputs().get(ref.alias());
    if (input == null) {
      issues.add(
          Issue.error(
              stream.location(),
              field,
              "unknown alias '"
                  + ref.alias()
                  + "' (inputs: "
                  + String.join(", ", new TreeSet<>(spec.inputs().keySet()))
                  + ")"));
      return Optional.empty();
    }
    if (storesWithoutSchemas.contains(ref.alias())) {
      return Optional.empty();
    }
    String kind = ref.kind();
    Optional<Schema> schema = catalog.findKind(input.store(), kind);
    if (schema.isEmpty()) {
      issues.add(
          Issue.error(
              stream.location(),
              field,
              "unknown kind '"
                  + kind
                  + "' in "
                  + ref.alias()
                  + " (store "
                  + input.store()
                  + " has "
                  + String.join(", ", catalog.kindsOf(input.store()))
                  + ")"));
    }
    return schema;
  }

  private SourceStream stream(StreamDecl decl, Schema schema) {
    return new SourceStream(spec.inputs().get(decl.ref().alias()).store(), schema.ref().kind());
  }

  private Destination destination(Destination.Mode mode, StreamDecl decl, Schema schema) {
    return new Destination(
        mode, spec.inputs().get(decl.ref().alias()).store(), schema.ref().kind());
  }

  static String fieldList(Map<String, Field> fields) {
    return String.join(", ", fields.keySet());
  }
}
