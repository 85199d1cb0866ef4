package io.knactor.exchange.etcd.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.ConflictException;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.exchange.EventType;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.json.DocumentLimits;
import io.knactor.core.json.Json;
import io.knactor.core.json.JsonMergePatch;
import io.knactor.core.model.Names;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import io.knactor.exchange.etcd.internal.Records.Current;
import io.knactor.exchange.etcd.internal.Records.Entry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a batch and the state it read into one etcd txn: checks existence and expected versions,
 * applies merge patches, assigns the consecutive versions after the counter, records a history
 * entry per write, trims each object's history to its newest {@code historyLimit} entries, and
 * guards it all with a compare on the counter's mod revision, so the txn applies only if no other
 * commit came between the read and the write.
 */
public final class BatchPlanner {
  /**
   * A planned commit: what it stores, the txn that stores it, its first write, and the size of the
   * keys and values it puts (what etcd's request limit counts, give or take a few bytes per op).
   */
  public record Plan(List<StoredObject> objects, ObjectNode txn, Entry first, long putBytes) {}

  private final Layout layout;
  private final int historyLimit;

  public BatchPlanner(Layout layout, int historyLimit) {
    this.layout = layout;
    this.historyLimit = historyLimit;
  }

  /**
   * Checks what needs no state: labels, document depth and size.
   *
   * @throws InvalidInputException naming the object
   */
  public static void validate(WriteBatch batch) {
    for (Write write : batch.writes()) {
      String object = "object " + write.key();
      if (write.labels() != null) {
        Names.requireLabels(write.labels(), object);
      }
      if (write.data() != null) {
        boolean patch = write.op() == Write.Op.PATCH || write.op() == Write.Op.PATCH_OR_CREATE;
        DocumentLimits.checkDepth(write.data(), patch ? "merge patch for " + object : object);
        if (!patch) {
          DocumentLimits.checkSize(Json.write(write.data()).length, object);
        }
      }
    }
  }

  /**
   * Plans {@code batch} on top of {@code state}.
   *
   * @throws ConflictException, NotFoundException, InvalidInputException as the SPI specifies
   */
  public Plan plan(WriteBatch batch, Reader.State state, String commit, Instant time) {
    Map<ObjectKey, Current> currents = new LinkedHashMap<>(state.currents());
    Map<ObjectKey, List<Long>> histories = new LinkedHashMap<>();
    state.histories().forEach((key, versions) -> histories.put(key, new ArrayList<>(versions)));
    List<Entry> entries = new ArrayList<>();
    long version = state.counter().value();
    for (Write write : batch.writes()) {
      Current current = currents.get(write.key());
      check(write, current);
      version++;
      Entry entry = entry(write, current, version, batch.principal(), time, commit);
      entries.add(entry);
      currents.put(
          write.key(),
          entry.type() == EventType.DELETED
              ? null
              : new Current(version, entry.labels(), entry.data()));
      histories.get(write.key()).add(version);
    }
    ObjectNode txn = layout.txnIfCounterAt(state.counter().modRevision());
    ArrayNode success = txn.putArray("success");
    long putBytes = 0;
    for (Entry entry : entries) {
      putBytes +=
          put(success, layout.history(entry.key(), entry.version()), Records.encodeEntry(entry));
    }
    for (Map.Entry<ObjectKey, Current> object : currents.entrySet()) {
      ObjectKey key = object.getKey();
      Current after = object.getValue();
      if (after != null) {
        put(
            success,
            layout.object(key),
            Records.encodeCurrent(after.version(), after.labels(), after.data()));
      } else if (state.currents().containsKey(key)) {
        success.addObject().set("request_delete_range", Layout.range(layout.object(key), false));
      }
      trim(success, key, histories.get(key), state.histories().get(key));
    }
    putBytes +=
        put(success, layout.counter(), Long.toString(version).getBytes(StandardCharsets.UTF_8));
    List<StoredObject> objects = entries.stream().map(Entry::object).toList();
    return new Plan(objects, txn, entries.get(0), putBytes);
  }

  private void trim(ArrayNode success, ObjectKey key, List<Long> all, List<Long> retained) {
    int drop = all.size() - historyLimit;
    if (drop <= 0) {
      return;
    }
    if (drop > retained.size()) {
      throw new InvalidInputException(
          "the batch writes object "
              + key
              + " "
              + (all.size() - retained.size())
              + " times; an object's history keeps "
              + historyLimit
              + " versions, so one batch may write it at most that often",
          "writes");
    }
    ObjectNode range =
        EtcdClient.MAPPER
            .createObjectNode()
            .put("key", Layout.b64(layout.history(key, all.get(0))))
            .put("range_end", Layout.b64(layout.history(key, all.get(drop))));
    success.addObject().set("request_delete_range", range);
  }

  private static Entry entry(
      Write write, Current current, long version, String principal, Instant time, String commit) {
    Map<String, String> labels =
        write.labels() != null ? write.labels() : current == null ? Map.of() : current.labels();
    ObjectNode data =
        switch (write.op()) {
          case CREATE, REPLACE, UPSERT -> Records.canonical(write.data());
          case PATCH, PATCH_OR_CREATE -> {
            ObjectNode patched =
                JsonMergePatch.apply(current == null ? null : current.data(), write.data());
            DocumentLimits.checkSize(Json.write(patched).length, "object " + write.key());
            yield Records.canonical(patched);
          }
          case DELETE -> current.data();
        };
    EventType type =
        write.op() == Write.Op.DELETE
            ? EventType.DELETED
            : current == null ? EventType.ADDED : EventType.MODIFIED;
    return new Entry(
        write.key(), version, type, principal, time, labels, write.annotations(), data, commit);
  }

  private static void check(Write write, Current current) {
    ObjectKey key = write.key();
    Write.Op op = write.op();
    if (current == null
        && (op == Write.Op.REPLACE || op == Write.Op.PATCH || op == Write.Op.DELETE)) {
      throw new NotFoundException("object " + key + " not found", "metadata.name");
    }
    if (op == Write.Op.CREATE && current != null) {
      throw new ConflictException(
          "object " + key + " already exists at resourceVersion " + current.version(),
          "metadata.name");
    }
    long expected = write.expectedVersion();
    if (expected != Write.ANY_VERSION && (current == null || current.version() != expected)) {
      throw new ConflictException(
          "object %s is %s, not at the expected resourceVersion %d; read it again and retry"
              .formatted(
                  key,
                  current == null ? "absent" : "at resourceVersion " + current.version(),
                  expected),
          "metadata.resourceVersion");
    }
  }

  private static long put(ArrayNode success, String key, byte[] value) {
    success
        .addObject()
        .putObject("request_put")
        .put("key", Layout.b64(key))
        .put("value", Layout.b64(value));
    return key.length() + value.length;
  }
}
