package io.knactor.cast.runtime;

import io.knactor.core.exchange.CommitResult;
import io.knactor.core.exchange.Write;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cast's own committed writes, until their changes come back through its watch. Such a change,
 * from the object's previous version, is the cast's merge patch and no more: every rule reading a
 * field it changed is downstream of a rule that wrote it, so it ran in the evaluation that planned
 * the write, after that rule and on its value, and would find nothing to write again. (A write that
 * expected no version may have landed on a newer version than the cast evaluated; that newer
 * version's change reached the cast through the watch on its own.) The runtime does not evaluate
 * such a change. Bounded (forgetting only costs an evaluation); owned by the runtime's thread.
 */
final class OwnWrites {
  private static final int LIMIT = 100_000;

  /**
   * A write that took an object to {@code version}, from version {@code base} (ANY_VERSION: from
   * the version before it, whichever that was).
   */
  private record Written(long base, long version) {}

  private final Map<ObjectKey, Written> written = new HashMap<>();

  /**
   * Remembers {@code writes}, the first writes of a committed batch, with what {@code result} says
   * they stored. A creation's change has no previous version, so it never counts as one of these.
   */
  void committed(List<Write> writes, CommitResult result) {
    if (written.size() + writes.size() > LIMIT) {
      written.clear();
    }
    for (int i = 0; i < writes.size(); i++) {
      Write write = writes.get(i);
      if (write.op() == Write.Op.DELETE) {
        written.remove(write.key());
      } else {
        written.put(
            write.key(),
            new Written(write.expectedVersion(), result.objects().get(i).resourceVersion()));
      }
    }
  }

  /**
   * Whether the change from {@code previous} (as the watch last delivered it; null when unknown) to
   * {@code current} is exactly one of the remembered writes; forgets the write once its change or a
   * later one arrived.
   */
  boolean isOwn(StoredObject previous, StoredObject current) {
    Written write = written.get(current.key());
    if (write == null || current.resourceVersion() < write.version()) {
      return false;
    }
    written.remove(current.key());
    return current.resourceVersion() == write.version()
        && previous != null
        && (write.base() == Write.ANY_VERSION || previous.resourceVersion() == write.base());
  }

  void clear() {
    written.clear();
  }
}
