package io.knactor.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.core.exchange.CommitResult;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommittedObjectsTest {
  static final StoreRef STORE = new StoreRef("Test", "v1", "Orders", "orders");

  static ObjectKey key(String name) {
    return new ObjectKey(STORE, "Order", name);
  }

  static StoredObject stored(String name, long version) {
    return new StoredObject(key(name), Map.of(), version, Json.object().put("v", version));
  }

  static void commit(CommittedObjects objects, Write write, StoredObject result) {
    objects.committed(List.of(write), new CommitResult(List.of(result)));
  }

  @Test
  void answersOnlyForTheVersionItHolds() {
    CommittedObjects objects = new CommittedObjects(10);
    commit(objects, Write.upsert(key("a"), Json.object()), stored("a", 3));

    assertThat(objects.at(key("a"), 3)).contains(stored("a", 3));
    assertThat(objects.at(key("a"), 2)).isEmpty();
    assertThat(objects.at(key("b"), 3)).isEmpty();
  }

  @Test
  void answersItsNewestStateWhateverTheVersion() {
    CommittedObjects objects = new CommittedObjects(10);
    commit(objects, Write.upsert(key("a"), Json.object()), stored("a", 3));
    commit(objects, Write.upsert(key("a"), Json.object()), stored("a", 5));

    assertThat(objects.latest(key("a"))).contains(stored("a", 5));
    assertThat(objects.latest(key("b"))).isEmpty();
  }

  @Test
  void keepsTheNewerVersionWhenCommitsReportOutOfOrder() {
    CommittedObjects objects = new CommittedObjects(10);
    commit(objects, Write.upsert(key("a"), Json.object()), stored("a", 5));
    commit(objects, Write.upsert(key("a"), Json.object()), stored("a", 4));

    assertThat(objects.at(key("a"), 5)).isPresent();
    assertThat(objects.at(key("a"), 4)).isEmpty();
  }

  @Test
  void dropsDeletedAndForgottenKeys() {
    CommittedObjects objects = new CommittedObjects(10);
    commit(objects, Write.upsert(key("a"), Json.object()), stored("a", 1));
    commit(objects, Write.upsert(key("b"), Json.object()), stored("b", 2));

    commit(objects, Write.delete(key("a"), 1), stored("a", 3));
    objects.forget(List.of(Write.upsert(key("b"), Json.object())));

    assertThat(objects.at(key("a"), 3)).isEmpty();
    assertThat(objects.at(key("a"), 1)).isEmpty();
    assertThat(objects.at(key("b"), 2)).isEmpty();
  }

  @Test
  void holdsTheLatestCommittedKeysUpToItsCapacity() {
    CommittedObjects objects = new CommittedObjects(2);
    commit(objects, Write.upsert(key("a"), Json.object()), stored("a", 1));
    commit(objects, Write.upsert(key("b"), Json.object()), stored("b", 2));
    commit(objects, Write.upsert(key("a"), Json.object()), stored("a", 3));
    commit(objects, Write.upsert(key("c"), Json.object()), stored("c", 4));

    assertThat(objects.at(key("b"), 2)).isEmpty();
    assertThat(objects.at(key("a"), 3)).isPresent();
    assertThat(objects.at(key("c"), 4)).isPresent();
  }
}
