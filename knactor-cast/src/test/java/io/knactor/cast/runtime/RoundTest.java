package io.knactor.cast.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.cast.eval.Evaluation;
import io.knactor.cast.eval.ObjectView;
import io.knactor.cast.eval.Provenance;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a round lays its planned writes over what it reads, and merges writes to one object. */
class RoundTest {
  static final ObjectKey ORDER = ObjectKey.of("App/v1/Shop/checkout", "Order", "o-1");
  static final ObjectKey NEW = ObjectKey.of("App/v1/Shop/checkout", "Order", "o-2");
  static final StoredObject STORED =
      new StoredObject(ORDER, Map.of(), 7, Json.parseObject("{\"a\":1,\"b\":{\"x\":1}}", "o"));

  Round round = new Round(Map.of(), 1, ObjectView.of(List.of(STORED)));

  @Test
  void laterEvaluationsSeeThePlannedWritesAndTheirWritesMergeIntoOne() {
    add(write(ORDER, 7, "{\"b\":{\"y\":2}}", "b.y"));
    StoredObject seen = round.view().get(ORDER).orElseThrow();
    assertThat(seen.resourceVersion()).isEqualTo(7);
    assertThat(Json.toString(seen.data())).isEqualTo("{\"a\":1,\"b\":{\"x\":1,\"y\":2}}");

    Evaluation later = evaluation(write(ORDER, 7, "{\"a\":null,\"b\":{\"x\":3}}", "b.x"));
    assertThat(round.accepts(later)).isTrue();
    round.add(view -> later, later, 11);

    assertThat(round.writes()).hasSize(1);
    Write merged = round.writes().get(0);
    assertThat(merged.expectedVersion()).isEqualTo(7);
    assertThat(Json.toString(merged.data())).isEqualTo("{\"b\":{\"y\":2,\"x\":3},\"a\":null}");
    assertThat(Provenance.fromAnnotations(merged.annotations()).orElseThrow().fields())
        .containsOnlyKeys("b.x", "b.y");
    assertThat(Json.toString(round.view().get(ORDER).orElseThrow().data()))
        .isEqualTo("{\"b\":{\"x\":3,\"y\":2}}");
    assertThat(round.at()).isEqualTo(11);
  }

  @Test
  void aWriteExpectingNoVersionShowsTheVersionReadAndJoinsAnExpectingOne() {
    add(write(ORDER, Write.ANY_VERSION, "{\"c\":1}", "c"));
    assertThat(round.view().get(ORDER).orElseThrow().resourceVersion()).isEqualTo(7);

    Evaluation pinned = evaluation(write(ORDER, 7, "{\"d\":2}", "d"));
    assertThat(round.accepts(pinned)).isTrue();
    round.add(view -> pinned, pinned, 11);
    assertThat(round.writes()).singleElement().extracting(Write::expectedVersion).isEqualTo(7L);

    Evaluation blind = evaluation(write(ORDER, Write.ANY_VERSION, "{\"e\":3}", "e"));
    assertThat(round.accepts(blind)).isTrue();
    round.add(view -> blind, blind, 12);
    Write merged = round.writes().get(0);
    assertThat(merged.expectedVersion()).isEqualTo(7);
    assertThat(Json.toString(merged.data())).isEqualTo("{\"c\":1,\"d\":2,\"e\":3}");
  }

  @Test
  void plannedCreationsAreListedWithVersionZero() {
    add(write(NEW, Write.ANY_VERSION, "{\"a\":1}", "a"));
    assertThat(round.view().list(ORDER.store(), "Order"))
        .extracting(StoredObject::name, StoredObject::resourceVersion)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("o-1", 7L),
            org.assertj.core.groups.Tuple.tuple("o-2", 0L));
  }

  @Test
  void writesThatDoNotComposeOrExpectAnotherVersionAreNotAccepted() {
    add(write(ORDER, 7, "{\"b\":5}", "b"));
    // b set to 5 then patched as an object: one patch would merge into b's old object instead.
    assertThat(round.accepts(evaluation(write(ORDER, 7, "{\"b\":{\"z\":1}}", "b.z")))).isFalse();
    assertThat(round.accepts(evaluation(write(ORDER, 8, "{\"c\":1}", "c")))).isFalse();
    assertThat(round.accepts(evaluation(write(NEW, 0, "{\"b\":{\"z\":1}}", "b.z")))).isTrue();
  }

  void add(Write write) {
    Evaluation evaluation = evaluation(write);
    round.add(view -> evaluation, evaluation, 10);
  }

  static Evaluation evaluation(Write write) {
    return new Evaluation("shop", List.of(write), List.of());
  }

  static Write write(ObjectKey key, long expected, String patch, String field) {
    Provenance provenance =
        new Provenance(
            "shop",
            1,
            Map.of(field, new Provenance.FieldSource("C.order." + field, Map.of("x", 1L))));
    return new Write(
        Write.Op.PATCH_OR_CREATE,
        key,
        expected,
        null,
        Json.parseObject(patch, "patch"),
        provenance.toAnnotations());
  }
}
