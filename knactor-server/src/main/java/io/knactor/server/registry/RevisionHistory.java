package io.knactor.server.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.error.SpecException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The revisions an applied integrator spec (a Cast or a Sync) keeps: at most {@code historyLimit},
 * oldest first, and which one runs. Immutable.
 *
 * @param current the revision that runs; 0 for a history with no revision yet
 */
public record RevisionHistory(long current, int historyLimit, List<Revision> revisions) {
  public RevisionHistory {
    revisions = List.copyOf(revisions);
  }

  /**
   * One kept revision.
   *
   * @param source the spec's YAML as applied
   * @param cause {@code applied}, or {@code rollback to revision N}
   */
  public record Revision(long revision, String source, Instant appliedAt, String cause) {}

  static RevisionHistory empty(int historyLimit) {
    return new RevisionHistory(0, historyLimit, List.of());
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

  /**
   * The history after applying {@code source} with {@code limit}; empty when that is the running
   * revision already (same text, same limit), so nothing changes.
   */
  Optional<RevisionHistory> applied(String source, int limit) {
    if (current != 0 && currentRevision().source().equals(source) && historyLimit == limit) {
      return Optional.empty();
    }
    return Optional.of(append(source, "applied", limit));
  }

  /** {@code source} appended as the next, running revision, trimmed to {@code limit}. */
  RevisionHistory append(String source, String cause, int limit) {
    List<Revision> kept = new ArrayList<>(revisions);
    long next = latest() + 1;
    kept.add(new Revision(next, source, Instant.now(), cause));
    while (kept.size() > limit) {
      kept.remove(0);
    }
    return new RevisionHistory(next, limit, kept);
  }

  /**
   * The revision a rollback of {@code what} (e.g. {@code cast 'shop'}) runs again: {@code
   * toRevision}, or with null the one before the running one.
   *
   * @throws NotFoundException when that revision is not kept
   * @throws InvalidInputException when it is the running one
   */
  Revision rollbackTarget(String what, Long toRevision) {
    Revision target = toRevision == null ? previous(what) : kept(what, toRevision);
    if (target.revision() == current) {
      throw new InvalidInputException(
          what + " already runs revision " + target.revision(), "toRevision");
    }
    return target;
  }

  /** The refusal of a rollback whose target no longer checks; nothing changed. */
  static SpecException noLongerChecks(String what, Revision target, List<String> problems) {
    return new SpecException(
        "revision "
            + target.revision()
            + " of "
            + what
            + " no longer checks; nothing changed:\n  "
            + String.join("\n  ", problems),
        "toRevision");
  }

  private Revision previous(String what) {
    Revision before = null;
    for (Revision r : revisions) {
      if (r.revision() == current) {
        break;
      }
      before = r;
    }
    if (before == null) {
      throw new NotFoundException(what + " keeps no revision before " + current, "toRevision");
    }
    return before;
  }

  private Revision kept(String what, long number) {
    return revision(number)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "revision "
                        + number
                        + " of "
                        + what
                        + " is not kept (kept: "
                        + revisions.stream()
                            .map(r -> Long.toString(r.revision()))
                            .collect(Collectors.joining(", "))
                        + ")",
                    "toRevision"));
  }

  /**
   * Writes {@code current}, {@code historyLimit} and {@code revisions: [{revision, appliedAt,
   * cause, source}]} into {@code data}, as stored in the registry and answered by the {@code
   * /revisions} routes.
   */
  void writeTo(ObjectNode data) {
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
  }

  /** Reads what {@link #writeTo} wrote. */
  static RevisionHistory readFrom(JsonNode data) {
    List<Revision> revisions = new ArrayList<>();
    for (JsonNode r : data.path("revisions")) {
      revisions.add(
          new Revision(
              r.path("revision").asLong(),
              r.path("source").asText(),
              Instant.parse(r.path("appliedAt").asText()),
              r.path("cause").asText()));
    }
    return new RevisionHistory(
        data.path("current").asLong(), data.path("historyLimit").asInt(), revisions);
  }
}
