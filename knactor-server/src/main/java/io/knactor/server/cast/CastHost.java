package io.knactor.server.cast;

import io.knactor.cast.compile.CompiledCast;
import io.knactor.cast.runtime.CastRuntime;
import io.knactor.cast.runtime.CastState;
import io.knactor.cast.runtime.CastStatus;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.RulePushDown;
import io.knactor.server.registry.CastRecord;
import io.knactor.server.registry.RegistryState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs every applied Cast in the server: one {@link CastRuntime} per cast, connected as the cast's
 * integrator principal, so the access policy checks every read and write it makes. It follows the
 * registry: a new cast starts, a new revision (or a recompiled one after a schema change) switches
 * the running runtime live, a deleted cast stops; at server start every cast resumes from its
 * stored position. Thread-safe.
 */
public final class CastHost implements AutoCloseable {
  private final Function<String, ObjectExchange> connectAs;
  private final ObjectExchange backend;
  private final Map<String, Running> running = new HashMap<>();
  private boolean closed;

  private record Running(CastRuntime runtime, ObjectExchange connection, CompiledCast cast) {
    void stop() {
      runtime.close();
      connection.close();
    }
  }

  /**
   * @param connectAs opens a connection acting as the named principal
   * @param backend the exchange itself, to read the stored state of a cast that does not run
   */
  public CastHost(Function<String, ObjectExchange> connectAs, ObjectExchange backend) {
    this.connectAs = connectAs;
    this.backend = backend;
  }

  /** Starts, switches or leaves each cast of {@code state} so that its compiled revision runs. */
  public synchronized void follow(RegistryState state) {
    if (closed) {
      return;
    }
    for (String name : List.copyOf(running.keySet())) {
      if (!state.casts().containsKey(name)) {
        running.remove(name).stop();
      }
    }
    for (CastRecord cast : state.casts().values()) {
      CompiledCast compiled = cast.compiled();
      Running current = running.get(cast.name());
      if (compiled == null || (current != null && current.cast() == compiled)) {
        continue;
      }
      if (current == null) {
        ObjectExchange connection = connectAs.apply(cast.name());
        running.put(
            cast.name(),
            new Running(
                CastRuntime.start(
                    connection, compiled, backend instanceof RulePushDown p ? p : null),
                connection,
                compiled));
      } else {
        current.runtime().update(compiled);
        running.put(cast.name(), new Running(current.runtime(), current.connection(), compiled));
      }
    }
  }

  /**
   * The status of a running cast; for one that does not run (its spec no longer compiles), what its
   * stored state says, with {@code phase} {@code not running}.
   */
  public synchronized CastStatus status(CastRecord cast) {
    Running current = running.get(cast.name());
    if (current != null) {
      return current.runtime().status();
    }
    Optional<CastState> stored = CastState.load(backend, cast.name());
    return new CastStatus(
        cast.name(),
        stored.map(CastState::revision).orElse(0L),
        "not running",
        stored.map(CastState::position).orElse(0L),
        stored.map(s -> List.copyOf(s.failures().values())).orElse(List.of()),
        0,
        0,
        0,
        cast.problem(),
        "");
  }

  /** Stops every cast; what they committed stays committed. */
  @Override
  public synchronized void close() {
    closed = true;
    running.values().forEach(Running::stop);
    running.clear();
  }
}
