package io.knactor.core.exchange;

import io.knactor.core.model.StoredObject;
import java.util.List;

/**
 * What a committed batch produced: for each write, in order, the object as stored (for a delete,
 * its last state carrying the deletion's resourceVersion).
 */
public record CommitResult(List<StoredObject> objects) {
  public CommitResult {
    objects = List.copyOf(objects);
  }

  /** The resourceVersion of the batch's last write: the exchange version it committed at. */
  public long version() {
    return objects.get(objects.size() - 1).resourceVersion();
  }
}
