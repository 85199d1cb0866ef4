package io.knactor.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.ConflictException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Writes: every operation, versions, optimistic concurrency, labels. */
public abstract class WriteConformance extends ConformanceFixture {
  private static final ObjectKey ORDER = key(CHECKOUT, "Order", "o-17");

  @Test
  void emptyExchangeIsAtVersionZero() {
    assertThat(ex.currentVersion()).isZero();
  }

  @Test
  void createStoresTheObjectAtTheNextVersion() {
    StoredObject created = create(ORDER, "{'cost':12.5,'items':['book']}");

    assertThat(created.key()).isEqualTo(ORDER);
    assertThat(created.data()).isEqualTo(json("{'cost':12.5,'items':['book']}"));
    assertThat(created.labels()).isEmpty();
    assertThat(created.resourceVersion()).isPositive().isEqualTo(ex.currentVersion());
    assertThat(ex.get(ORDER)).contains(created);
  }

  @Test
  void resourceVersionGrowsStrictlyAcrossStoresAndKinds() {
    long first = create(key(CHECKOUT, "Order", "a"), "{}").resourceVersion();
    long second = create(key(SHIPPING, "Shipment", "a"), "{}").resourceVersion();
    long third = create(key(CHECKOUT, "Cart", "a"), "{}").resourceVersion();
    long fourth =
        commit("bob", Write.upsert(key(CHECKOUT, "Order", "a"), json("{}"))).resourceVersion();

    assertThat(second).isGreaterThan(first);
    assertThat(third).isGreaterThan(second);
    assertThat(fourth).isGreaterThan(third).isEqualTo(ex.currentVersion());
  }

  @Test
  void replaceSwapsTheWholeData() {
    StoredObject created = create(ORDER, "{'a':1,'b':2}");

    StoredObject replaced =
        commit("bob", Write.replace(ORDER, created.resourceVersion(), json("{'c':3}")));

    assertThat(replaced.data()).isEqualTo(json("{'c':3}"));
    assertThat(replaced.resourceVersion()).isGreaterThan(created.resourceVersion());
    assertThat(ex.get(ORDER)).contains(replaced);
  }

  @Test
  void upsertCreatesAnAbsentObject() {
    StoredObject upserted = commit("bob", Write.upsert(ORDER, json("{'a':1}")));

    assertThat(ex.get(ORDER)).contains(upserted);
    assertThat(upserted.data()).isEqualTo(json("{'a':1}"));
  }

  @Test
  void upsertReplacesAnExistingObject() {
    create(ORDER, "{'a':1,'b':2}");

    StoredObject upserted = commit("bob", Write.upsert(ORDER, json("{'c':3}")));

    assertThat(ex.get(ORDER)).contains(upserted);
    assertThat(upserted.data()).isEqualTo(json("{'c':3}"));
  }

  @Test
  void patchAppliesAnRfc7386MergePatch() {
    create(ORDER, "{'a':'b','c':{'d':'e','f':'g'},'list':[1,2],'keep':true}");

    StoredObject patched =
        commit(
            "bob",
            Write.patch(
                ORDER, Write.ANY_VERSION, json("{'a':'z','c':{'f':null},'list':[3],'n':{'x':1}}")));

    assertThat(patched.data())
        .isEqualTo(json("{'a':'z','c':{'d':'e'},'list':[3],'keep':true,'n':{'x':1}}"));
    assertThat(ex.get(ORDER)).contains(patched);
  }

  @Test
  void patchOrCreateStartsFromAnEmptyObjectWhenAbsent() {
    StoredObject created =
        commit("bob", Write.patchOrCreate(ORDER, json("{'a':1,'gone':null,'c':{'d':2}}")));

    assertThat(created.data()).isEqualTo(json("{'a':1,'c':{'d':2}}"));
    assertThat(ex.get(ORDER)).contains(created);
  }

  @Test
  void patchOrCreatePatchesAnExistingObject() {
    create(ORDER, "{'a':1,'b':2}");

    StoredObject patched = commit("bob", Write.patchOrCreate(ORDER, json("{'b':null,'c':3}")));

    assertThat(patched.data()).isEqualTo(json("{'a':1,'c':3}"));
  }

  @Test
  void deleteRemovesTheObjectAndAnswersItsLastStateAtTheDeletionVersion() {
    StoredObject created =
        commit("alice", Write.create(ORDER, json("{'a':1}")).withLabels(Map.of("tier", "gold")));

    StoredObject deleted = commit("bob", Write.delete(ORDER, created.resourceVersion()));

    assertThat(deleted.resourceVersion())
        .isGreaterThan(created.resourceVersion())
        .isEqualTo(ex.currentVersion());
    assertThat(deleted.data()).isEqualTo(created.data());
    assertThat(deleted.labels()).isEqualTo(Map.of("tier", "gold"));
    assertThat(ex.get(ORDER)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(names = {"REPLACE", "UPSERT", "PATCH", "PATCH_OR_CREATE", "DELETE"})
  void staleExpectedVersionConflictsAndChangesNothing(Write.Op op) {
    StoredObject first = create(ORDER, "{'a':1}");
    StoredObject second = commit("bob", Write.patch(ORDER, Write.ANY_VERSION, json("{'a':2}")));

    assertThatThrownBy(() -> commit("carol", write(op, first.resourceVersion())))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining(ORDER.toString());

    assertThat(ex.get(ORDER)).contains(second);
    assertThat(ex.currentVersion()).isEqualTo(second.resourceVersion());
  }

  @ParameterizedTest
  @EnumSource(names = {"REPLACE", "UPSERT", "PATCH", "PATCH_OR_CREATE", "DELETE"})
  void currentExpectedVersionIsAccepted(Write.Op op) {
    StoredObject created = create(ORDER, "{'a':1}");

    StoredObject written = commit("bob", write(op, created.resourceVersion()));

    assertThat(written.resourceVersion()).isGreaterThan(created.resourceVersion());
  }

  @Test
  void upsertWithAnExpectedVersionOfAMissingObjectConflicts() {
    assertThatThrownBy(() -> commit("bob", write(Write.Op.UPSERT, 5)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining(ORDER.toString());

    assertThat(ex.get(ORDER)).isEmpty();
  }

  @Test
  void createOfAnExistingObjectConflictsAndChangesNothing() {
    StoredObject created = create(ORDER, "{'a':1}");

    assertThatThrownBy(() -> create(ORDER, "{'a':2}"))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining(ORDER.toString());

    assertThat(ex.get(ORDER)).contains(created);
    assertThat(ex.currentVersion()).isEqualTo(created.resourceVersion());
  }

  @ParameterizedTest
  @EnumSource(names = {"REPLACE", "PATCH", "DELETE"})
  void writeThatNeedsAnExistingObjectIsNotFoundWhenItIsMissing(Write.Op op) {
    create(key(CHECKOUT, "Order", "other"), "{}");
    long before = ex.currentVersion();

    assertThatThrownBy(() -> commit("bob", write(op, Write.ANY_VERSION)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(ORDER.toString());

    assertThat(ex.get(ORDER)).isEmpty();
    assertThat(ex.currentVersion()).isEqualTo(before);
  }

  @Test
  void labelsAreKeptWhenAWriteGivesNone() {
    StoredObject created =
        commit("alice", Write.create(ORDER, json("{'a':1}")).withLabels(Map.of("tier", "gold")));

    StoredObject replaced =
        commit("bob", Write.replace(ORDER, created.resourceVersion(), json("{'a':2}")));

    assertThat(replaced.labels()).isEqualTo(Map.of("tier", "gold"));
    assertThat(ex.get(ORDER).orElseThrow().labels()).isEqualTo(Map.of("tier", "gold"));
  }

  @Test
  void labelsAreReplacedWhenAWriteGivesThem() {
    commit(
        "alice",
        Write.create(ORDER, json("{'a':1}")).withLabels(Map.of("tier", "gold", "region", "eu")));

    StoredObject patched =
        commit(
            "bob",
            Write.patch(ORDER, Write.ANY_VERSION, json("{}")).withLabels(Map.of("tier", "silver")));

    assertThat(patched.labels()).isEqualTo(Map.of("tier", "silver"));
    assertThat(ex.get(ORDER).orElseThrow().labels()).isEqualTo(Map.of("tier", "silver"));
  }

  private static Write write(Write.Op op, long expectedVersion) {
    return new Write(
        op, ORDER, expectedVersion, null, op == Write.Op.DELETE ? null : json("{'a':9}"), null);
  }
}
