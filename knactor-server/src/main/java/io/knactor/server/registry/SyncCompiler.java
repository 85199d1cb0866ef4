package io.knactor.server.registry;

import io.knactor.cast.check.Issue;
import io.knactor.cast.check.SchemaCatalog;
import io.knactor.cast.function.FunctionRegistry;
import io.knactor.cast.spec.InputDecl;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.log.LogExchange;
import io.knactor.core.log.LogStoreInfo;
import io.knactor.core.model.StoreRef;
import io.knactor.sync.check.SyncCheckResult;
import io.knactor.sync.check.SyncChecker;
import io.knactor.sync.operator.OperatorRegistry;
import io.knactor.sync.plan.SyncPlan;
import io.knactor.sync.spec.FlowDecl;
import io.knactor.sync.spec.SinkDecl;
import io.knactor.sync.spec.StreamDecl;
import io.knactor.sync.spec.SyncSpec;
import io.knactor.sync.spec.SyncSpecParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks Sync specs against a registry snapshot and the server's log exchange: the schemas, fields
 * and CEL of every step (through {@link SyncChecker}), every input store registered to a knactor,
 * and every stream a flow reads, appends to or dead-letters to an existing log store holding that
 * kind. Thread-safe.
 */
final class SyncCompiler implements IntegratorCompiler<SyncSpec, SyncPlan> {
  private final FunctionRegistry functions;
  private final OperatorRegistry operators;
  private final LogExchange logs;

  /**
   * @param logs the server's log exchange, or null when it hosts none (every Sync is refused)
   */
  SyncCompiler(FunctionRegistry functions, OperatorRegistry operators, LogExchange logs) {
    this.functions = functions;
    this.operators = operators;
    this.logs = logs;
  }

  @Override
  public SyncSpec parse(String source, String name) {
    return SyncSpecParser.parse(source, name + ".sync.yaml");
  }

  @Override
  public Checked<SyncPlan> check(SyncSpec spec, long revision, RegistryState state) {
    SchemaCatalog catalog = SchemaCatalog.of(state.schemas().values());
    SyncCheckResult result = new SyncChecker(catalog, functions, operators).check(spec, revision);
    List<Issue> out =
        new ArrayList<>(CastCompiler.unregisteredInputs(spec.inputs().values(), state));
    for (FlowDecl flow : spec.flows()) {
      String prefix = "flows." + flow.name();
      logStore(spec, catalog, flow.from(), prefix + ".from", out);
      if (flow.sink().mode() == SinkDecl.Mode.APPEND) {
        logStore(spec, catalog, flow.sink().target(), prefix + ".to", out);
      }
      if (flow.deadLetter() != null) {
        logStore(spec, catalog, flow.deadLetter(), prefix + ".deadLetter", out);
      }
    }
    out.addAll(result.errors());
    out.sort(Issue.BY_LOCATION);
    return new Checked<>(
        out.isEmpty() ? result.orThrow() : null, out.stream().map(Issue::toString).toList());
  }

  /** How many partitions the plan's sources have together: the most instances it can use. */
  int partitions(SyncPlan plan) {
    return plan.partitions(logs);
  }

  /**
   * Reports a stream whose store has no log store, or one holding another kind than the stream's
   * schema kind (an unknown kind is the checker's to report).
   */
  private void logStore(
      SyncSpec spec, SchemaCatalog catalog, StreamDecl stream, String field, List<Issue> out) {
    InputDecl input = spec.inputs().get(stream.ref().alias());
    if (input == null) {
      return; // the checker reports the unknown alias
    }
    StoreRef store = input.store();
    String problem = null;
    if (logs == null) {
      problem = "this server hosts no log exchange, so it cannot run a sync";
    } else {
      try {
        LogStoreInfo info = logs.describe(store);
        String held = info.spec().kind();
        Optional<String> kind =
            catalog.findKind(store, stream.ref().kind()).map(schema -> schema.ref().kind());
        if (kind.isPresent()
            && !held.toLowerCase(Locale.ROOT).equals(kind.get().toLowerCase(Locale.ROOT))) {
          problem =
              "log store "
                  + store
                  + " holds records of kind "
                  + held
                  + ", not "
                  + kind.get()
                  + " ("
                  + stream.ref()
                  + ")";
        }
      } catch (NotFoundException e) {
        problem =
            "store "
                + store
                + " has no log store on this server (PUT /api/v1/stores/"
                + store
                + "/logs creates one)";
      }
    }
    if (problem != null) {
      out.add(Issue.error(stream.location(), field, problem));
    }
  }
}
