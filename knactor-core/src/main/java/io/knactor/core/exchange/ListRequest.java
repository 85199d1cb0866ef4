package io.knactor.core.exchange;

import io.knactor.core.model.StoreRef;
import java.util.Map;
import java.util.Objects;

/**
 * Which objects to list: those of one store, optionally of one kind, optionally carrying all the
 * given labels.
 */
public record ListRequest(StoreRef store, String kind, Map<String, String> labelSelector) {
  public ListRequest {
    Objects.requireNonNull(store, "store");
    labelSelector = labelSelector == null ? Map.of() : Map.copyOf(labelSelector);
  }

  public static ListRequest of(StoreRef store, String kind) {
    return new ListRequest(store, kind, Map.of());
  }

  public static ListRequest all(StoreRef store) {
    return new ListRequest(store, null, Map.of());
  }
}
