package io.knactor.core.exchange;

import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.util.List;
import java.util.Optional;

/**
 * Hosts object stores: versioned JSON documents with optimistic concurrency, atomic batches,
 * ordered watch and a bounded history per object. Every backend passes {@code
 * ObjectExchangeConformanceTest} from the core test-jar.
 *
 * <p>Versions are exchange-wide: every committed write gets the next resourceVersion, so one number
 * orders all changes of all stores and a list plus a watch from its version sees every state.
 *
 * <p>Implementations are thread-safe.
 */
public interface ObjectExchange extends AutoCloseable {

  /** The object as last committed, or empty. */
  Optional<StoredObject> get(ObjectKey key);

  /** A consistent snapshot of the matching objects and the version it was taken at. */
  ObjectList list(ListRequest request);

  /**
   * Commits all writes of {@code batch} atomically and durably (on durable backends, an
   * acknowledged commit survives kill -9 of the process).
   *
   * @throws io.knactor.core.error.ConflictException when an expected version is stale or a CREATE
   *     finds the object; nothing is written
   * @throws io.knactor.core.error.NotFoundException when REPLACE, PATCH or DELETE finds no object
   * @throws io.knactor.core.error.InvalidInputException when a document is oversize or too deep
   */
  CommitResult commit(WriteBatch batch);

  /**
   * Delivers every change after {@code request.fromVersion()}, in order, exactly once.
   *
   * @throws io.knactor.core.error.ExpiredException when {@code fromVersion} is older than the
   *     retained history (may instead be thrown by the first {@link Watch#poll})
   */
  Watch watch(WatchRequest request);

  /**
   * The retained versions of one object, oldest first, deleted incarnations included.
   *
   * @throws io.knactor.core.error.NotFoundException when nothing about the object is retained
   */
  List<ObjectRevision> history(ObjectKey key);

  /** The version of the last committed write (0 for an empty exchange). */
  long currentVersion();

  /** Convenience for a batch of one write; returns the object as stored. */
  default StoredObject commit(String principal, Write write) {
    return commit(WriteBatch.of(principal, write)).objects().get(0);
  }

  /** Releases the exchange; open watches end with an UnavailableException. */
  @Override
  void close();
}
