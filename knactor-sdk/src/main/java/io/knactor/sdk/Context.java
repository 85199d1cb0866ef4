package io.knactor.sdk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.exchange.ListRequest;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectRevision;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A knactor's view of its own store: every method names objects by kind and name only, within the
 * store the knactor was built for, so a reconciler cannot name another knactor's store.
 *
 * <p>Reads go to the exchange (they see every committed write, not a cache). Writes commit at once
 * and throw the exchange's errors: a ConflictException thrown out of a handler makes the runtime
 * re-read the object and call the handler again. Objects returned share their data with the
 * exchange: treat it as read-only.
 *
 * <p>Thread-safe; valid for the knactor's lifetime.
 */
public final class Context {
  private final StoreRef store;
  private final ObjectExchange connection;
  private final String principal;
  private volatile Runnable beforeAccess = () -> {};

  Context(StoreRef store, ObjectExchange connection, String principal) {
    this.store = store;
    this.connection = connection;
    this.principal = principal;
  }

  /**
   * Runs {@code hook} before every read and commit: the knactor's loop commits the writes its
   * handlers returned before a handler reads or writes on its own.
   */
  void beforeAccess(Runnable hook) {
    this.beforeAccess = hook;
  }

  /** The knactor's own store. */
  public StoreRef store() {
    return store;
  }

  /** The object as last committed, or empty. */
  public Optional<StoredObject> get(String kind, String name) {
    beforeAccess.run();
    return connection.get(key(kind, name));
  }

  /** Every object of {@code kind}, ordered by name. */
  public List<StoredObject> list(String kind) {
    beforeAccess.run();
    return connection.list(ListRequest.of(store, kind)).items();
  }

  /** The objects of {@code kind} carrying all of {@code labels}, ordered by name. */
  public List<StoredObject> list(String kind, Map<String, String> labels) {
    beforeAccess.run();
    return connection.list(new ListRequest(store, kind, labels)).items();
  }

  /** The retained versions of one object, oldest first, with who wrote each. */
  public List<ObjectRevision> history(String kind, String name) {
    beforeAccess.run();
    return connection.history(key(kind, name));
  }

  /**
   * Creates an object.
   *
   * @throws io.knactor.core.error.ConflictException when it exists
   */
  public StoredObject create(String kind, String name, ObjectNode data) {
    return commitOne(writes().create(kind, name, data));
  }

  /** Creates or replaces an object, whatever its version. */
  public StoredObject upsert(String kind, String name, ObjectNode data) {
    return commitOne(writes().upsert(kind, name, data));
  }

  /**
   * Replaces an object's data if its resourceVersion is still {@code expectedVersion}.
   *
   * @throws io.knactor.core.error.ConflictException when it changed since
   * @throws NotFoundException when it does not exist
   */
  public StoredObject update(String kind, String name, long expectedVersion, ObjectNode data) {
    return commitOne(writes().update(kind, name, expectedVersion, data));
  }

  /**
   * Reads the object, applies {@code change} to a copy of its data and writes it back if nobody
   * wrote it in between.
   *
   * @throws NotFoundException when it does not exist
   * @throws io.knactor.core.error.ConflictException when it changed between the read and the write
   */
  public StoredObject modify(String kind, String name, Consumer<ObjectNode> change) {
    StoredObject current =
        get(kind, name)
            .orElseThrow(
                () -> new NotFoundException("object " + key(kind, name) + " not found", "name"));
    ObjectNode data = current.data().deepCopy();
    change.accept(data);
    return update(kind, name, current.resourceVersion(), data);
  }

  /**
   * Applies an RFC 7386 merge patch to an existing object's data.
   *
   * @throws NotFoundException when it does not exist
   */
  public StoredObject patch(String kind, String name, ObjectNode mergePatch) {
    return commitOne(writes().patch(kind, name, mergePatch));
  }

  /** Applies an RFC 7386 merge patch, creating the object from an empty one when absent. */
  public StoredObject patchOrCreate(String kind, String name, ObjectNode mergePatch) {
    return commitOne(writes().patchOrCreate(kind, name, mergePatch));
  }

  /**
   * Deletes an object.
   *
   * @return its last state, carrying the deletion's resourceVersion
   * @throws NotFoundException when it does not exist
   */
  public StoredObject delete(String kind, String name) {
    return commitOne(writes().delete(kind, name));
  }

  /** A new, empty batch of writes to the own store, for {@link #commit} or {@link Result#apply}. */
  public StoreWrites writes() {
    return new StoreWrites(store);
  }

  /**
   * Commits {@code writes} atomically.
   *
   * @return each write's object as stored, in order
   * @throws io.knactor.core.error.ConflictException when a version check fails; nothing is written
   */
  public List<StoredObject> commit(StoreWrites writes) {
    beforeAccess.run();
    return connection.commit(batch(writes)).objects();
  }

  WriteBatch batch(StoreWrites writes) {
    if (!writes.isFor(store)) {
      throw new IllegalArgumentException(
          "these writes were made for another knactor's store; use this context's writes()");
    }
    return new WriteBatch(principal, writes.toWrites());
  }

  private StoredObject commitOne(StoreWrites writes) {
    return commit(writes).get(0);
  }

  private ObjectKey key(String kind, String name) {
    return new ObjectKey(store, kind, name);
  }
}
