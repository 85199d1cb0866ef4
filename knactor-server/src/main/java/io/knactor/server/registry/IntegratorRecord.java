package io.knactor.server.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.json.Json;
import java.util.List;

/**
 * An integrator spec applied to the server, a Cast or a Sync: its name, the revisions it keeps and
 * why its running revision does not run, if it does not. Each runs as the integrator principal of
 * its name.
 */
public sealed interface IntegratorRecord permits CastRecord, SyncRecord {
  String name();

  RevisionHistory history();

  /** Why the current revision does not run (it no longer compiles at load), or empty. */
  String problem();

  /** {@code cast} or {@code sync}, as in messages and CLI names ({@code sync/home}). */
  String kind();

  /** The revision that runs. */
  default long current() {
    return history().current();
  }

  default RevisionHistory.Revision currentRevision() {
    return history().currentRevision();
  }

  default List<RevisionHistory.Revision> revisions() {
    return history().revisions();
  }

  /** How messages name it, e.g. {@code cast 'shop'}. */
  default String what() {
    return kind() + " '" + name() + "'";
  }

  /**
   * The kept revisions as JSON, as stored in the registry and answered by {@code GET
   * /api/v1/casts/{name}/revisions} and {@code /api/v1/syncs/{name}/revisions}: {@code {"name",
   * "current", "historyLimit", "revisions": [{"revision", "appliedAt", "cause", "source"}]}}.
   */
  default ObjectNode revisionsJson() {
    ObjectNode data = Json.object();
    data.put("name", name());
    history().writeTo(data);
    return data;
  }
}
