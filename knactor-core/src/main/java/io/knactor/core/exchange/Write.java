package io.knactor.core.exchange;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.model.ObjectKey;
import java.util.Map;
import java.util.Objects;

/**
 * One change to one object, part of a {@link WriteBatch}.
 *
 * @param op what to do
 * @param key the object
 * @param expectedVersion the resourceVersion the writer last saw, or {@link #ANY_VERSION} to skip
 *     the check; a mismatch fails the whole batch with a ConflictException
 * @param labels the object's labels after the write; null keeps the current labels
 * @param data the new data (CREATE, REPLACE, UPSERT), or an RFC 7386 JSON merge patch (PATCH,
 *     PATCH_OR_CREATE); null for DELETE
 * @param annotations recorded with this version in the object's history, not in its data: who
 *     derived it from what (provenance). Never null.
 */
public record Write(
    Op op,
    ObjectKey key,
    long expectedVersion,
    Map<String, String> labels,
    ObjectNode data,
    Map<String, String> annotations) {

  /** Skips the optimistic concurrency check. */
  public static final long ANY_VERSION = 0;

  /** The kinds of write. */
  public enum Op {
    /** Creates the object; ConflictException when it exists. */
    CREATE,
    /** Replaces the data of an existing object; NotFoundException when absent. */
    REPLACE,
    /** Creates or replaces. */
    UPSERT,
    /** Applies a JSON merge patch to an existing object; NotFoundException when absent. */
    PATCH,
    /** Applies a JSON merge patch, starting from an empty object when absent. */
    PATCH_OR_CREATE,
    /** Deletes an existing object; NotFoundException when absent. */
    DELETE
  }

  public Write {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(key, "key");
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("expectedVersion must be >= 0");
    }
    if ((op == Op.DELETE) != (data == null)) {
      throw new IllegalArgumentException(
          op + " " + (data == null ? "needs" : "takes no") + " data");
    }
    labels = labels == null ? null : Map.copyOf(labels);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  public static Write create(ObjectKey key, ObjectNode data) {
    return new Write(Op.CREATE, key, ANY_VERSION, null, data, null);
  }

  public static Write replace(ObjectKey key, long expectedVersion, ObjectNode data) {
    return new Write(Op.REPLACE, key, expectedVersion, null, data, null);
  }

  public static Write upsert(ObjectKey key, ObjectNode data) {
    return new Write(Op.UPSERT, key, ANY_VERSION, null, data, null);
  }

  public static Write patch(ObjectKey key, long expectedVersion, ObjectNode mergePatch) {
    return new Write(Op.PATCH, key, expectedVersion, null, mergePatch, null);
  }

  public static Write patchOrCreate(ObjectKey key, ObjectNode mergePatch) {
    return new Write(Op.PATCH_OR_CREATE, key, ANY_VERSION, null, mergePatch, null);
  }

  public static Write delete(ObjectKey key, long expectedVersion) {
    return new Write(Op.DELETE, key, expectedVersion, null, null, null);
  }

  /** This write with the object's labels set to {@code labels}. */
  public Write withLabels(Map<String, String> labels) {
    return new Write(op, key, expectedVersion, labels, data, annotations);
  }

  /** This write with history annotations (provenance) attached. */
  public Write withAnnotations(Map<String, String> annotations) {
    return new Write(op, key, expectedVersion, labels, data, annotations);
  }
}
