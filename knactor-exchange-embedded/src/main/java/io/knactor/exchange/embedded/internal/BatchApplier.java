package io.knactor.exchange.embedded.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.ConflictException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.exchange.EventType;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.DocumentLimits;
import io.knactor.core.json.Json;
import io.knactor.core.json.JsonMergePatch;
import io.knactor.core.model.ObjectKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates a batch against a {@link GroupState} and computes its changes: checks existence and
 * expected versions, applies merge patches, enforces the size limit on the result, assigns
 * consecutive versions and trims each object's history to the newest {@code historyLimit} versions.
 * The writing leader only (one at a time, see GroupCommitLoop).
 */
final class BatchApplier {
  /** One change and what it does to the object's history. */
  record Effect(Change change, long[] history, long[] droppedHistory) {}

  private final int historyLimit;

  BatchApplier(int historyLimit) {
    this.historyLimit = historyLimit;
  }

  /**
   * Stages the batch's effects in {@code state} and returns them in order; the caller accepts or
   * rejects the staged state.
   *
   * @throws ConflictException, NotFoundException, InvalidInputException as the SPI specifies
   */
  List<Effect> apply(PreparedBatch batch, GroupState state, Instant time) {
    List<Effect> effects = new ArrayList<>(batch.writes().size());
    for (PreparedBatch.Prepared prepared : batch.writes()) {
      effects.add(applyOne(prepared, batch.principal(), state, time));
    }
    return effects;
  }

  private Effect applyOne(
      PreparedBatch.Prepared prepared, String principal, GroupState state, Instant time) {
    Write write = prepared.write();
    ObjectKey key = write.key();
    Optional<Current> current = state.current(key, prepared.keyBytes());
    check(write, current);
    long version = state.allocateVersion();
    Map<String, String> labels =
        write.labels() != null ? write.labels() : current.map(Current::labels).orElse(Map.of());
    ObjectNode data;
    byte[] dataBytes;
    switch (write.op()) {
      case CREATE, REPLACE, UPSERT -> {
        data = prepared.data();
        dataBytes = prepared.dataBytes();
      }
      case PATCH, PATCH_OR_CREATE -> {
        data = JsonMergePatch.apply(current.map(Current::data).orElse(null), prepared.data());
        dataBytes = Json.write(data);
        DocumentLimits.checkSize(dataBytes.length, "object " + key);
      }
      case DELETE -> {
        data = current.orElseThrow().data();
        dataBytes = current.orElseThrow().dataBytes();
      }
      default -> throw new IllegalStateException("unknown op " + write.op());
    }
    EventType type =
        write.op() == Write.Op.DELETE
            ? EventType.DELETED
            : current.isPresent() ? EventType.MODIFIED : EventType.ADDED;
    Change change =
        new Change(
            key,
            prepared.keyBytes(),
            type,
            version,
            principal,
            time,
            labels,
            data,
            dataBytes,
            write.annotations());
    long[] before = state.history(key, prepared.keyBytes());
    long[] all = Arrays.copyOf(before, before.length + 1);
    all[before.length] = version;
    int drop = Math.max(0, all.length - historyLimit);
    long[] history = Arrays.copyOfRange(all, drop, all.length);
    long[] dropped = Arrays.copyOf(all, drop);
    Optional<Current> after =
        type == EventType.DELETED
            ? Optional.empty()
            : Optional.of(new Current(version, labels, dataBytes, data));
    state.stage(key, after, history);
    return new Effect(change, history, dropped);
  }

  private static void check(Write write, Optional<Current> current) {
    ObjectKey key = write.key();
    boolean mustExist =
        write.op() == Write.Op.REPLACE
            || write.op() == Write.Op.PATCH
            || write.op() == Write.Op.DELETE;
    if (mustExist && current.isEmpty()) {
      throw new NotFoundException("object " + key + " not found", "metadata.name");
    }
    if (write.op() == Write.Op.CREATE && current.isPresent()) {
      throw new ConflictException(
          "object " + key + " already exists at resourceVersion " + current.get().version(),
          "metadata.name");
    }
    long expected = write.expectedVersion();
    if (expected != Write.ANY_VERSION
        && (current.isEmpty() || current.get().version() != expected)) {
      throw new ConflictException(
          "object "
              + key
              + " is "
              + (current.isEmpty() ? "absent" : "at resourceVersion " + current.get().version())
              + ", not at the expected resourceVersion "
              + expected
              + "; read it again and retry",
          "metadata.resourceVersion",
          key);
    }
  }
}
