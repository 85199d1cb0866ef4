package io.knactor.exchange.embedded.log.internal;

import io.knactor.core.error.NotFoundException;
import io.knactor.core.log.LogStoreInfo;
import io.knactor.core.model.StoreRef;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The exchange's stores by name, as published by the writer; thread-safe. */
public final class LogCatalog {
  private final Map<StoreRef, LogStoreState> stores = new ConcurrentHashMap<>();

  /**
   * @throws NotFoundException naming the store when it does not exist
   */
  LogStoreState require(StoreRef store) {
    LogStoreState state = stores.get(store);
    if (state == null) {
      throw new NotFoundException("no log store " + store, "store");
    }
    return state;
  }

  LogStoreState get(StoreRef store) {
    return stores.get(store);
  }

  void put(StoreRef store, LogStoreState state) {
    stores.put(store, state);
  }

  void remove(StoreRef store) {
    LogStoreState state = stores.remove(store);
    if (state != null) {
      state.markGone();
    }
  }

  /** Every store, ordered by name. */
  List<LogStoreState> all() {
    return stores.values().stream()
        .sorted(Comparator.comparing(s -> s.spec().store().toString()))
        .toList();
  }

  /**
   * The store's spec and published ranges.
   *
   * @throws NotFoundException naming the store when it does not exist
   */
  public LogStoreInfo info(StoreRef store) {
    return require(store).info();
  }

  /** Every store's spec and ranges, ordered by name. */
  public List<LogStoreInfo> infos() {
    return all().stream().map(LogStoreState::info).toList();
  }

  /** Wakes and ends every poll, for close. */
  void closeAll() {
    stores.values().forEach(LogStoreState::markGone);
  }
}
