package io.knactor.server.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.cast.compile.CompiledCast;
import io.knactor.core.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Cast applied to the server: the revisions it keeps (at most {@code historyLimit}, oldest
 * first), which one runs, and that one compiled.
 *
 * @param current the revision that runs
 * @param compiled the current revision compiled against the registered schemas; null when it no
 *     longer compiles at load (a function provider went missing), then {@code problem} says why
 * @param problem why it does not run, or empty
 */
public record CastRecord(
    String name,
    long current,
    int historyLimit,
    List<Revision> revisions,
    CompiledCast compiled,
    String problem) {
  public CastRecord {
    revisions = List.copyOf(revisions);
    problem = problem == null ? "" : problem;
  }

  /**
   * One kept revision.
   *
   * @param source the spec's YAML as applied
   * @param cause {@code applied}, or {@code rollback to revision N}
   */
  public record Revision(long revision, String source, Instant appliedAt, String cause) {}

  /**
   * The kept revisions as JSON, as stored in the registry and answered by {@code GET
   * /api/v1/casts/{name}/revisions}: {@code {"name", "current", "historyLimit", "revisions":
   * [{"revision", "appliedAt", "cause", "source"}]}}.
   */
  public ObjectNode revisionsJson() {
    ObjectNode data = Json.object();
    data.put("name", name);
    data.put("current", current);
    data.put("historyLimit", historyLimit);
    ArrayNode items = data.putArray("revisions");
    for (Revision r : revisions) {
      ObjectNode node = items.addObject();
      node.put("revision", r.revision());
      node.put("appliedAt", r.appliedAt().toString());
      node.put("cause", r.cause());
      node.put("source", r.source());
    }
    return data;
  }

  /** The highest revision number ever given; the next revision gets one more. */
  public long latest() {
    return revisions.isEmpty() ? 0 : revisions.get(revisions.size() - 1).revision();
  }

  public Optional<Revision> revision(long number) {
    return revisions.stream().filter(r -> r.revision() == number).findFirst();
  }

  public Revision currentRevision() {
    return revision(current).orElseThrow();
  }

  /** This cast with {@code next} appended as the running revision, trimmed to the limit. */
  CastRecord withRevision(Revision next, int limit, CompiledCast compiled) {
    List<Revision> kept = new ArrayList<>(revisions);
    kept.add(next);
    while (kept.size() > limit) {
      kept.remove(0);
    }
    return new CastRecord(name, next.revision(), limit, kept, compiled, "");
  }

  CastRecord withCompiled(CompiledCast compiled) {
    return new CastRecord(name, current, historyLimit, revisions, compiled, "");
  }
}
