package io.knactor.server.sync;

import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.log.LogExchange;
import io.knactor.core.model.StoreRef;
import io.knactor.server.registry.RegistryState;
import io.knactor.server.registry.SyncRecord;
import io.knactor.sync.plan.SourcePlan;
import io.knactor.sync.plan.SyncPlan;
import io.knactor.sync.runtime.Move;
import io.knactor.sync.runtime.RuntimeStatus;
import io.knactor.sync.runtime.SyncRuntime;
import io.knactor.sync.runtime.TaskId;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs every applied Sync in the server: one {@link SyncRuntime} per sync over the server's log
 * exchange, its folds written through a connection acting as the sync's integrator principal (so
 * the access policy checks them). It follows the registry: a new sync starts; a new revision (or a
 * rollback, or a plan recompiled after a schema change) stops the running runtime after its round
 * in flight and starts the new plan as the same subscriber {@code sync.NAME}, so the new revision
 * resumes from the offsets and state the old one committed: nothing is lost or repeated. A changed
 * parallelism is applied live. At server start every sync resumes the same way. Thread-safe.
 */
public final class SyncHost implements AutoCloseable {
  private static final int MAX_BATCH = 500;
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

  private final LogExchange logs;
  private final Function<String, ObjectExchange> connectAs;
  private final Map<String, Running> running = new HashMap<>();
  private final Map<String, String> startFailures = new HashMap<>();
  private boolean closed;

  private record Running(SyncRuntime runtime, ObjectExchange connection, SyncPlan plan) {
    void stop() {
      runtime.close();
      connection.close();
    }
  }

  /**
   * @param logs the server's log exchange, or null when it hosts none (no sync can be applied then)
   * @param connectAs opens a connection acting as the named principal
   */
  public SyncHost(LogExchange logs, Function<String, ObjectExchange> connectAs) {
    this.logs = logs;
    this.connectAs = connectAs;
  }

  /** Starts, replaces, rescales or leaves each sync of {@code state} so its plan runs. */
  public synchronized void follow(RegistryState state) {
    if (closed || logs == null) {
      return;
    }
    for (String name : List.copyOf(running.keySet())) {
      if (!state.syncs().containsKey(name)) {
        running.remove(name).stop();
      }
    }
    startFailures.keySet().retainAll(state.syncs().keySet());
    for (SyncRecord sync : state.syncs().values()) {
      Running current = running.get(sync.name());
      try {
        if (sync.plan() == null || (current != null && current.plan() == sync.plan())) {
          if (current != null && current.runtime().parallelism() != sync.parallelism()) {
            current
                .runtime()
                .setParallelism(Math.min(sync.parallelism(), current.runtime().tasks().size()));
          }
          continue;
        }
        ObjectExchange connection =
            current == null ? connectAs.apply(sync.name()) : current.connection();
        if (current != null) {
          current.runtime().close();
          running.remove(sync.name());
        }
        int partitions = sync.plan().partitions(logs);
        SyncRuntime runtime =
            SyncRuntime.start(
                sync.plan(),
                logs,
                connection,
                Math.max(1, Math.min(sync.parallelism(), partitions)),
                new SyncRuntime.Options(MAX_BATCH, POLL_TIMEOUT, sync.name()));
        running.put(sync.name(), new Running(runtime, connection, sync.plan()));
        startFailures.remove(sync.name());
      } catch (RuntimeException e) {
        // The registry committed already; the status reports why this revision does not run.
        startFailures.put(sync.name(), e.getMessage());
      }
    }
  }

  /** The running sync's status, or empty when it does not run. */
  public synchronized Optional<RuntimeStatus> status(String name) {
    Running current = running.get(name);
    return current == null ? Optional.empty() : Optional.of(current.runtime().status());
  }

  /** Why the sync's current revision could not be started, or empty. */
  public synchronized String startFailure(String name) {
    return startFailures.getOrDefault(name, "");
  }

  /**
   * Moves a partition of a running sync to one of its instances, live; an assignment lasts until
   * the sync is scaled, replaced by a new revision, or restarted.
   *
   * @param store the source's log store, or null when the sync reads one source
   * @return the move, or null when the partition is there already
   * @throws NotFoundException when the sync does not run
   * @throws InvalidInputException for an unknown source or partition, or an instance out of range
   */
  public synchronized Move assign(String name, StoreRef store, int partition, int instance) {
    Running current = running.get(name);
    if (current == null) {
      throw new NotFoundException("sync '" + name + "' does not run", "sync");
    }
    List<SourcePlan> sources = current.plan().sources();
    SourcePlan source;
    if (store == null) {
      if (sources.size() != 1) {
        throw new InvalidInputException(
            "sync '" + name + "' reads " + sources.size() + " sources: name the source's store",
            "source");
      }
      source = sources.get(0);
    } else {
      source =
          sources.stream()
              .filter(s -> s.source().store().equals(store))
              .findFirst()
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "sync '" + name + "' reads no source in store " + store, "source"));
    }
    return current.runtime().assign(new TaskId(source.source(), partition), instance);
  }

  /** Stops every sync after its round in flight; what they committed stays committed. */
  @Override
  public synchronized void close() {
    closed = true;
    running.values().forEach(Running::stop);
    running.clear();
  }
}
