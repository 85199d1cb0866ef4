package io.knactor.core.exchange;

import io.knactor.core.model.StoredObject;
import java.util.List;

/**
 * A consistent snapshot of objects, ordered by kind then name, and the exchange version it was
 * taken at: a watch from {@code resourceVersion} delivers exactly the changes after it.
 */
public record ObjectList(List<StoredObject> items, long resourceVersion) {
  public ObjectList {
    items = List.copyOf(items);
  }
}
