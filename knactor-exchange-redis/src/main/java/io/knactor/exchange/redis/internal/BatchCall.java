package io.knactor.exchange.redis.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.ConflictException;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.exchange.CommitResult;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.json.DocumentLimits;
import io.knactor.core.json.Json;
import io.knactor.core.json.JsonMergePatch;
import io.knactor.core.model.Names;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One batch on its way to the {@code knactor_commit} Redis Function. Built on the caller's thread:
 * labels are checked, documents are within the limits and serialized. Merge patches need the
 * current data, which the function cannot merge without losing JSON fidelity, so the caller reads
 * the objects the patches touch ({@link #patchedKeys}), the patch results are computed here and
 * sent as puts conditional on the version they were computed from; the function answers "retry",
 * with the objects' current state, when another writer got there first. Every other check
 * (existence, expected versions) runs in the function, atomically with the write.
 */
public final class BatchCall {
  private static final Map<Write.Op, String> OPS =
      Map.of(
          Write.Op.CREATE, "C",
          Write.Op.REPLACE, "R",
          Write.Op.UPSERT, "U",
          Write.Op.DELETE, "D",
          Write.Op.PATCH, "P",
          Write.Op.PATCH_OR_CREATE, "P");

  /** A write with its canonical data and serialized form (for patches: the patch itself). */
  private record Item(Write write, ObjectNode data, String json) {}

  /** The function's keys and arguments, and the canonical data of each write (null: delete). */
  public record Invocation(String[] keys, String[] args, List<ObjectNode> data) {}

  private final String id = UUID.randomUUID().toString();
  private final String principal;
  private final List<Item> items;

  private BatchCall(String principal, List<Item> items) {
    this.principal = principal;
    this.items = items;
  }

  /**
   * @throws InvalidInputException when a label is invalid or a document breaks the limits
   */
  public static BatchCall prepare(WriteBatch batch) {
    List<Item> items = new ArrayList<>(batch.writes().size());
    for (Write write : batch.writes()) {
      if (write.labels() != null) {
        Names.requireLabels(write.labels(), "object " + write.key());
      }
      if (write.data() == null) {
        items.add(new Item(write, null, null));
        continue;
      }
      String object = "object " + write.key();
      boolean patch = isPatch(write);
      DocumentLimits.checkDepth(write.data(), patch ? "merge patch for " + object : object);
      byte[] bytes = Json.write(write.data());
      if (!patch) {
        DocumentLimits.checkSize(bytes.length, object);
      }
      items.add(
          new Item(
              write, Json.parseObject(bytes, object), new String(bytes, StandardCharsets.UTF_8)));
    }
    return new BatchCall(batch.principal(), items);
  }

  /** The objects whose current state the merge patches start from; empty when there are none. */
  public Set<ObjectKey> patchedKeys() {
    Set<ObjectKey> keys = new LinkedHashSet<>();
    for (Item item : items) {
      if (isPatch(item.write())) {
        keys.add(item.write().key());
      }
    }
    return keys;
  }

  /**
   * The call, with patches applied to {@code current} (the objects of {@link #patchedKeys} as just
   * read; a missing entry means the object is absent) and to the batch's own earlier writes.
   *
   * @throws NotFoundException when a PATCH finds no object
   * @throws InvalidInputException when a patch result exceeds the size limit
   */
  public Invocation invocation(
      Keys keys, Map<ObjectKey, StoredObject> current, int historyLimit, long changeLogRetention) {
    List<String> keyList = new ArrayList<>();
    keyList.add(keys.version());
    keyList.add(keys.changes());
    keyList.add(keys.floor());
    keyList.add(keys.commit(id));
    keyList.add(keys.pushdown());
    List<String> args = new ArrayList<>();
    args.add(Codec.json(principal));
    args.add(Integer.toString(historyLimit));
    args.add(Long.toString(changeLogRetention));
    Map<ObjectKey, Optional<ObjectNode>> staged = new HashMap<>();
    List<ObjectNode> data = new ArrayList<>(items.size());
    for (Item item : items) {
      Write write = item.write();
      ObjectKey key = write.key();
      ObjectNode after = item.data();
      String json = item.json();
      long basis = 0;
      if (isPatch(write)) {
        StoredObject read = current.get(key);
        basis = read == null ? 0 : read.resourceVersion();
        Optional<ObjectNode> before =
            staged.getOrDefault(key, Optional.ofNullable(read).map(StoredObject::data));
        if (before.isEmpty() && write.op() == Write.Op.PATCH) {
          throw new NotFoundException("object " + key + " not found", "metadata.name");
        }
        after = JsonMergePatch.apply(before.orElse(null), item.data());
        byte[] bytes = Json.write(after);
        DocumentLimits.checkSize(bytes.length, "object " + key);
        json = new String(bytes, StandardCharsets.UTF_8);
        after = Json.parseObject(bytes, "object " + key);
      }
      staged.put(key, Optional.ofNullable(after));
      data.add(after);
      keyList.add(keys.objects(key.store()));
      keyList.add(keys.history(key));
      args.add(OPS.get(write.op()));
      args.add(key.store().toString());
      args.add(Keys.field(key));
      args.add(Long.toString(write.expectedVersion()));
      args.add(Long.toString(basis));
      args.add(write.labels() == null ? "" : Codec.strings(write.labels()));
      args.add(json == null ? "" : json);
      args.add(Codec.strings(write.annotations()));
    }
    return new Invocation(keyList.toArray(String[]::new), args.toArray(String[]::new), data);
  }

  /**
   * The outcome the function replied, or empty when it asks to retry (a patched object changed
   * after it was read): then {@link #currentOnRetry} has the objects to compute the patches from.
   *
   * @throws ConflictException when an object exists for CREATE or an expected version is stale
   * @throws NotFoundException when REPLACE or DELETE finds no object
   */
  public Optional<CommitResult> result(List<Object> reply, Invocation invocation) {
    String status = (String) reply.get(0);
    if (status.equals("ok")) {
      long base = ((Number) reply.get(1)).longValue();
      List<StoredObject> objects = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        ObjectKey key = items.get(i).write().key();
        String labels = (String) reply.get(3 + 2 * i);
        String deleted = (String) reply.get(4 + 2 * i);
        ObjectNode data =
            deleted.isEmpty() ? invocation.data().get(i) : Codec.data(deleted, key.toString());
        objects.add(new StoredObject(key, Codec.labels(labels), base + 1 + i, data));
      }
      return Optional.of(new CommitResult(objects));
    }
    if (status.equals("retry")) {
      return Optional.empty();
    }
    ObjectKey key = items.get(((Number) reply.get(1)).intValue() - 1).write().key();
    switch (status) {
      case "exists" ->
          throw new ConflictException(
              "object " + key + " already exists at resourceVersion " + reply.get(2),
              "metadata.name");
      case "missing" ->
          throw new NotFoundException("object " + key + " not found", "metadata.name");
      case "stale" -> {
        long version = ((Number) reply.get(2)).longValue();
        long expected = items.get(((Number) reply.get(1)).intValue() - 1).write().expectedVersion();
        throw new ConflictException(
            "object "
                + key
                + " is "
                + (version == 0 ? "absent" : "at resourceVersion " + version)
                + ", not at the expected resourceVersion "
                + expected
                + "; read it again and retry",
            "metadata.resourceVersion",
            key);
      }
      default -> throw new IllegalStateException("unknown reply of knactor_commit: " + reply);
    }
  }

  /**
   * The current state of the patched objects as a "retry" reply (see {@link #result}) gives it;
   * absent objects are left out.
   */
  public Map<ObjectKey, StoredObject> currentOnRetry(List<Object> reply) {
    Map<ObjectKey, StoredObject> current = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      String value = (String) reply.get(2 + i);
      if (!value.isEmpty()) {
        ObjectKey key = items.get(i).write().key();
        current.put(key, Codec.object(key.store(), Keys.field(key), value));
      }
    }
    return current;
  }

  private static boolean isPatch(Write write) {
    return write.op() == Write.Op.PATCH || write.op() == Write.Op.PATCH_OR_CREATE;
  }
}
