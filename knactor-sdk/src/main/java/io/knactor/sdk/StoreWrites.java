package io.knactor.sdk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.exchange.Write;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A batch of writes to the knactor's own store, committed all or none, obtained from {@link
 * Context#writes()}: it names objects by kind and name only, so it cannot reach another store.
 *
 * <p>Data nodes are handed to the exchange as they are, not copied: do not change a node after
 * adding it. Not thread-safe; build it on one thread.
 */
public final class StoreWrites {
  private final StoreRef store;
  private final List<Write> writes = new ArrayList<>();

  StoreWrites(StoreRef store) {
    this.store = store;
  }

  /** Creates the object; the batch fails with a ConflictException when it exists. */
  public StoreWrites create(String kind, String name, ObjectNode data) {
    return add(Write.create(key(kind, name), data));
  }

  /** Creates the object with labels; the batch fails with a ConflictException when it exists. */
  public StoreWrites create(String kind, String name, Map<String, String> labels, ObjectNode data) {
    return add(Write.create(key(kind, name), data).withLabels(labels));
  }

  /** Creates or replaces the object, whatever its version. */
  public StoreWrites upsert(String kind, String name, ObjectNode data) {
    return add(Write.upsert(key(kind, name), data));
  }

  /** Creates or replaces the object and sets its labels, whatever its version. */
  public StoreWrites upsert(String kind, String name, Map<String, String> labels, ObjectNode data) {
    return add(Write.upsert(key(kind, name), data).withLabels(labels));
  }

  /**
   * Replaces the data of an existing object if its resourceVersion is still {@code
   * expectedVersion}; otherwise the batch fails with a ConflictException.
   */
  public StoreWrites update(String kind, String name, long expectedVersion, ObjectNode data) {
    return add(Write.replace(key(kind, name), requireVersion(expectedVersion), data));
  }

  /** Applies an RFC 7386 merge patch to the data of an existing object. */
  public StoreWrites patch(String kind, String name, ObjectNode mergePatch) {
    return add(Write.patch(key(kind, name), Write.ANY_VERSION, mergePatch));
  }

  /**
   * Applies an RFC 7386 merge patch if the object's resourceVersion is still {@code
   * expectedVersion}.
   */
  public StoreWrites patch(String kind, String name, long expectedVersion, ObjectNode mergePatch) {
    return add(Write.patch(key(kind, name), requireVersion(expectedVersion), mergePatch));
  }

  /** Applies an RFC 7386 merge patch, starting from an empty object when it does not exist. */
  public StoreWrites patchOrCreate(String kind, String name, ObjectNode mergePatch) {
    return add(Write.patchOrCreate(key(kind, name), mergePatch));
  }

  /** Deletes an existing object. */
  public StoreWrites delete(String kind, String name) {
    return add(Write.delete(key(kind, name), Write.ANY_VERSION));
  }

  /** Deletes an existing object if its resourceVersion is still {@code expectedVersion}. */
  public StoreWrites delete(String kind, String name, long expectedVersion) {
    return add(Write.delete(key(kind, name), requireVersion(expectedVersion)));
  }

  public boolean isEmpty() {
    return writes.isEmpty();
  }

  public int size() {
    return writes.size();
  }

  /** The writes, each naming the own store. */
  List<Write> toWrites() {
    return List.copyOf(writes);
  }

  /** True when this batch was made for {@code store}. */
  boolean isFor(StoreRef store) {
    return this.store.equals(store);
  }

  private StoreWrites add(Write write) {
    writes.add(write);
    return this;
  }

  private ObjectKey key(String kind, String name) {
    return new ObjectKey(store, kind, name);
  }

  private static long requireVersion(long expectedVersion) {
    if (expectedVersion <= 0) {
      throw new IllegalArgumentException(
          "expected resourceVersion must be positive, got "
              + expectedVersion
              + " (use the write without a version to skip the check)");
    }
    return expectedVersion;
  }
}
