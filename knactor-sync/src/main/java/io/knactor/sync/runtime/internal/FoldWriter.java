package io.knactor.sync.runtime.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.ConflictException;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import io.knactor.sync.exec.Emission;
import io.knactor.sync.exec.Step;
import io.knactor.sync.plan.Destination;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a step's FOLD emissions to the object exchange, before the log transaction that commits
 * the step's offset; exactly-once in effect. Each folded object carries a label {@code
 * sync.NAME.SOURCE.PARTITION} holding the next offset of the last step of that partition applied to
 * it. A step whose next offset is not above the label was applied already (the process died between
 * the object write and the log commit, and the step is being redone): its writes are skipped, so an
 * object never goes back to an older value. Redone steps are deterministic, so skipping loses
 * nothing.
 */
public final class FoldWriter {
  private static final int ATTEMPTS = 20;

  private final ObjectExchange objects;
  private final String principal;
  private final String labelPrefix;

  /**
   * @param labelPrefix e.g. {@code sync.home.0}; the partition is appended
   */
  public FoldWriter(ObjectExchange objects, String principal, String labelPrefix) {
    this.objects = objects;
    this.principal = principal;
    this.labelPrefix = labelPrefix;
  }

  /** Writes the folds of {@code step}; returns how many objects were written. */
  public int apply(Step step) {
    Map<ObjectKey, ObjectNode> patches = new LinkedHashMap<>();
    for (Emission emission : step.emissions()) {
      Destination d = emission.destination();
      if (d.mode() != Destination.Mode.FOLD) {
        continue;
      }
      ObjectKey key = new ObjectKey(d.store(), d.kind(), emission.record().key());
      patches
          .computeIfAbsent(key, k -> emission.record().value().objectNode())
          .setAll(emission.record().value());
    }
    if (patches.isEmpty()) {
      return 0;
    }
    String label = labelPrefix + "." + step.partition();
    for (int attempt = 1; ; attempt++) {
      try {
        return write(patches, label, step.nextOffset());
      } catch (ConflictException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private int write(Map<ObjectKey, ObjectNode> patches, String label, long nextOffset) {
    List<Write> writes = new java.util.ArrayList<>();
    for (Map.Entry<ObjectKey, ObjectNode> patch : patches.entrySet()) {
      Optional<StoredObject> current = objects.get(patch.getKey());
      Map<String, String> labels =
          new HashMap<>(current.map(StoredObject::labels).orElse(Map.of()));
      String applied = labels.get(label);
      if (applied != null && Long.parseLong(applied) >= nextOffset) {
        continue;
      }
      labels.put(label, Long.toString(nextOffset));
      long version = current.map(StoredObject::resourceVersion).orElse(Write.ANY_VERSION);
      writes.add(
          new Write(
              Write.Op.PATCH_OR_CREATE, patch.getKey(), version, labels, patch.getValue(), null));
    }
    if (!writes.isEmpty()) {
      objects.commit(new WriteBatch(principal, writes));
    }
    return writes.size();
  }
}
