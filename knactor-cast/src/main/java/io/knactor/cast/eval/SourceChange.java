package io.knactor.cast.eval;

import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.util.Set;

/**
 * A change to one object that a cast may read.
 *
 * @param previous the object before the change; null when it is new or its previous state is not
 *     known, which makes every rule reading its kind run
 * @param current the object after the change; null when it was deleted
 */
public record SourceChange(ObjectKey key, StoredObject previous, StoredObject current) {
  public SourceChange {
    if (key == null) {
      throw new NullPointerException("key");
    }
    if ((previous != null && !previous.key().equals(key))
        || (current != null && !current.key().equals(key))) {
      throw new IllegalArgumentException("previous and current must be the object " + key);
    }
  }

  /** The object as it is now, with no knowledge of before: every rule reading it runs. */
  public static SourceChange of(StoredObject current) {
    return new SourceChange(current.key(), null, current);
  }

  public static SourceChange updated(StoredObject previous, StoredObject current) {
    return new SourceChange(current.key(), previous, current);
  }

  public static SourceChange deleted(StoredObject previous) {
    return new SourceChange(previous.key(), previous, null);
  }

  /** The dotted paths whose values differ; null when anything may have changed. */
  public Set<String> changedPaths() {
    if (previous == null || current == null) {
      return null;
    }
    return JsonValues.changedPaths(previous.data(), current.data());
  }
}
