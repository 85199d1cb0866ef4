package io.knactor.exchange.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.ConflictException;
import io.knactor.core.error.ExpiredException;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.KnactorException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.error.WatchOverflowException;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.DocumentLimits;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact error text people read, with the field each error names. */
class EmbeddedErrorsTest {
  private static final ObjectKey ORDER =
      ObjectKey.of("Shop/v1/Checkout/checkout-a", "Order", "o-1");
  private static final String ORDER_NAME = "Shop/v1/Checkout/checkout-a/Order/o-1";

  @TempDir Path dir;
  private EmbeddedObjectExchange ex;

  @BeforeEach
  void open() {
    ex = EmbeddedObjectExchange.open(dir);
  }

  @AfterEach
  void close() {
    ex.close();
  }

  @Test
  void staleVersionNamesTheCurrentAndExpectedVersions() {
    ex.commit("a", Write.create(ORDER, data("{}")));
    ex.commit("a", Write.patch(ORDER, Write.ANY_VERSION, data("{}")));

    assertError(
        () -> ex.commit("a", Write.replace(ORDER, 1, data("{}"))),
        ConflictException.class,
        "object "
            + ORDER_NAME
            + " is at resourceVersion 2, not at the expected resourceVersion 1;"
            + " read it again and retry",
        "metadata.resourceVersion");
    assertThatThrownBy(() -> ex.commit("a", Write.replace(ORDER, 1, data("{}"))))
        .isInstanceOfSatisfying(
            ConflictException.class,
            e -> assertThat(e.object()).as("the stale object").contains(ORDER));
  }

  @Test
  void expectedVersionOfAnAbsentObjectSaysItIsAbsent() {
    assertError(
        () -> ex.commit("a", new Write(Write.Op.UPSERT, ORDER, 5, null, data("{}"), null)),
        ConflictException.class,
        "object "
            + ORDER_NAME
            + " is absent, not at the expected resourceVersion 5;"
            + " read it again and retry",
        "metadata.resourceVersion");
  }

  @Test
  void createOfAnExistingObjectNamesItsVersion() {
    ex.commit("a", Write.create(ORDER, data("{}")));

    assertError(
        () -> ex.commit("a", Write.create(ORDER, data("{}"))),
        ConflictException.class,
        "object " + ORDER_NAME + " already exists at resourceVersion 1",
        "metadata.name");
  }

  @Test
  void missingObjectIsNamed() {
    assertError(
        () -> ex.commit("a", Write.delete(ORDER, Write.ANY_VERSION)),
        NotFoundException.class,
        "object " + ORDER_NAME + " not found",
        "metadata.name");
  }

  @Test
  void historyOfAnUnknownObjectIsNamed() {
    assertError(
        () -> ex.history(ORDER),
        NotFoundException.class,
        "no history retained for object " + ORDER_NAME,
        "metadata.name");
  }

  @Test
  void oversizeDocumentNamesItsSizeAndTheLimit() {
    ObjectNode big = Json.object().put("blob", "x".repeat(DocumentLimits.MAX_BYTES));

    assertError(
        () -> ex.commit("a", Write.create(ORDER, big)),
        InvalidInputException.class,
        "object " + ORDER_NAME + " is 1048587 bytes serialized; the limit is 1048576",
        "data");
  }

  @Test
  void tooDeepMergePatchIsNamedAsAPatch() {
    ex.commit("a", Write.create(ORDER, data("{}")));
    ObjectNode deep = Json.object();
    ObjectNode cursor = deep;
    for (int level = 0; level < DocumentLimits.MAX_DEPTH; level++) {
      cursor = cursor.putObject("x");
    }

    assertError(
        () -> ex.commit("a", Write.patch(ORDER, Write.ANY_VERSION, deep)),
        InvalidInputException.class,
        "merge patch for object " + ORDER_NAME + " nests deeper than 32 levels",
        "data");
  }

  @Test
  void invalidLabelIsNamedWithTheRule() {
    assertError(
        () ->
            ex.commit("a", Write.create(ORDER, data("{}")).withLabels(Map.of("tier", "gold plus"))),
        InvalidInputException.class,
        "invalid label 'tier=gold plus' on object "
            + ORDER_NAME
            + ": keys and values must match [A-Za-z0-9]([-A-Za-z0-9._/]{0,61}[A-Za-z0-9])?",
        "metadata.labels");
  }

  @Test
  void expiredWatchSaysWhereTheChangeLogStarts() {
    for (int n = 0; n < 5; n++) {
      ex.commit("a", Write.upsert(ORDER, data("{}")));
    }
    ex.trimChangeLog(4);

    assertError(
        () -> ex.watch(WatchRequest.of(ORDER.store(), "Order", 2)),
        ExpiredException.class,
        "watch of Shop/v1/Checkout/checkout-a kind Order from resourceVersion 2 is too old:"
            + " the change log of "
            + dir
            + " keeps changes from version 5; list again and watch from the list's resourceVersion",
        "resourceVersion");
  }

  @Test
  void overflowSaysHowFarBehindTheWatcherFell() {
    Watch watch = ex.watch(WatchRequest.ofStores(Set.of(), 0).withQueueCapacity(2));
    for (int n = 0; n < 3; n++) {
      ex.commit("a", Write.upsert(ORDER, data("{}")));
    }

    assertError(
        () -> watch.poll(Duration.ofSeconds(10)),
        WatchOverflowException.class,
        "watch of all stores fell more than 2 events behind (queueCapacity 2) and was cut off;"
            + " list again and watch from the list's resourceVersion",
        null);
  }

  @Test
  void commitAfterCloseSaysTheExchangeIsClosed() {
    ex.close();

    assertError(
        () -> ex.commit("a", Write.create(ORDER, data("{}"))),
        UnavailableException.class,
        "object exchange at " + dir + " is closed",
        null);
  }

  @Test
  void secondOpenOfTheSameDirectoryIsRefused() {
    Throwable thrown = catchThrowable(() -> EmbeddedObjectExchange.open(dir).close());

    assertThat(thrown)
        .isInstanceOf(UnavailableException.class)
        .hasMessageStartingWith("cannot open object exchange at " + dir + ": ")
        .hasMessageContaining("lock");
  }

  private static ObjectNode data(String json) {
    return Json.parseObject(json, "test");
  }

  private interface Call {
    void run() throws Exception;
  }

  private static void assertError(
      Call call, Class<? extends KnactorException> type, String message, String field) {
    Throwable thrown = catchThrowable(call::run);
    assertThat(thrown).isInstanceOf(type).hasMessage(message);
    assertThat(((KnactorException) thrown).field()).isEqualTo(field);
  }
}
