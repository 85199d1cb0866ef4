package io.knactor.exchange.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.ExpiredException;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.exchange.ListRequest;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectExchanges;
import io.knactor.core.exchange.ObjectList;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the etcd exchange adds to the SPI contract: URIs, snapshot reads, etcd's own limits. */
class EtcdObjectExchangeTest {
  private static final StoreRef CHECKOUT = StoreRef.parse("Shop/v1/Checkout/checkout-a");
  private static final StoreRef SHIPPING = StoreRef.parse("Shop/v1/Shipping/shipping-a");
  private static final ObjectKey ORDER = new ObjectKey(CHECKOUT, "Order", "o-1");
  private static final ObjectKey SHIPMENT = new ObjectKey(SHIPPING, "Shipment", "o-1");

  @TempDir static Path dir;
  static EtcdCluster etcd;

  @BeforeAll
  static void startEtcd() {
    etcd = EtcdCluster.start(dir, 1);
  }

  @AfterAll
  static void stopEtcd() {
    etcd.close();
  }

  @Test
  void uriOpensTheExchangeThroughTheServiceLoader() {
    try (ObjectExchange exchange = ObjectExchanges.open(etcd.uri("prefix=/uri-test"))) {
      StoredObject created = exchange.commit("alice", Write.create(ORDER, Json.object()));

      assertThat(exchange).isInstanceOf(EtcdObjectExchange.class);
      assertThat(exchange.get(ORDER)).contains(created);
    }
  }

  @Test
  void uriNamesEndpointsPrefixAndOptions() {
    EtcdOptions options =
        EtcdObjectExchangeProvider.parse(
            URI.create("etcd://10.0.0.1:2379,etcd-2.local:2380?prefix=/shop&historyLimit=3"));

    assertThat(options.endpoints())
        .containsExactly(
            URI.create("http://10.0.0.1:2379/"), URI.create("http://etcd-2.local:2380/"));
    assertThat(options.prefix()).isEqualTo("/shop");
    assertThat(options.historyLimit()).isEqualTo(3);
    assertThat(EtcdObjectExchangeProvider.parse(URI.create("etcd://h:1")).prefix())
        .isEqualTo(EtcdOptions.DEFAULT_PREFIX);
  }

  @Test
  void malformedUrisAreInvalidInputNamingTheProblem() {
    assertThatThrownBy(() -> EtcdObjectExchangeProvider.parse(URI.create("etcd://h:1?colour=red")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "invalid etcd exchange URI 'etcd://h:1?colour=red': unknown option 'colour';"
                + " known: prefix, historyLimit, maxRequestBytes, retryWindow");
    assertThatThrownBy(() -> EtcdObjectExchangeProvider.parse(URI.create("etcd://h1:1,h2")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("invalid etcd exchange URI 'etcd://h1:1,h2': endpoint 'h2' is not host:port");
    assertThatThrownBy(() -> EtcdObjectExchangeProvider.parse(URI.create("etcd://h:1?prefix=shop")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("prefix 'shop' must start with '/'");
  }

  @Test
  void unreachableEndpointIsUnavailableWithAClearMessage() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    assertThatThrownBy(() -> ObjectExchanges.open(URI.create("etcd://127.0.0.1:" + port)))
        .isInstanceOf(UnavailableException.class)
        .hasMessageStartingWith(
            "cannot reach etcd at [http://127.0.0.1:" + port + "/] (connection refused")
        .hasMessageEndingWith("; is etcd running and serving clients there?");
  }

  @Test
  void listAtAnEarlierVersionIsAGlobalSnapshotOfThatVersion() {
    try (EtcdObjectExchange exchange = open("/snapshot")) {
      StoredObject order = exchange.commit("alice", Write.create(ORDER, Json.object().put("n", 1)));
      StoredObject shipment =
          exchange.commit("alice", Write.create(SHIPMENT, Json.object().put("n", 1)));
      long then = exchange.currentVersion();
      exchange.commit(
          WriteBatch.of(
              "bob",
              Write.replace(ORDER, Write.ANY_VERSION, Json.object().put("n", 2)),
              Write.delete(SHIPMENT, Write.ANY_VERSION)));

      ObjectList checkoutThen = exchange.listAt(ListRequest.all(CHECKOUT), then);
      ObjectList shippingThen = exchange.listAt(ListRequest.all(SHIPPING), then);
      ObjectList checkoutFirst =
          exchange.listAt(ListRequest.all(CHECKOUT), order.resourceVersion());

      assertThat(checkoutThen.items()).containsExactly(order);
      assertThat(shippingThen.items()).containsExactly(shipment);
      assertThat(checkoutThen.resourceVersion()).isEqualTo(then);
      assertThat(checkoutFirst.items()).containsExactly(order);
      assertThat(exchange.listAt(ListRequest.all(SHIPPING), order.resourceVersion()).items())
          .isEmpty();
      assertThat(exchange.list(ListRequest.all(SHIPPING)).items()).isEmpty();
    }
  }

  @Test
  void listAtInsideABatchAnswersTheSnapshotBeforeTheBatch() {
    try (EtcdObjectExchange exchange = open("/inside-batch")) {
      exchange.commit(
          WriteBatch.of(
              "alice", Write.create(ORDER, Json.object()), Write.create(SHIPMENT, Json.object())));

      ObjectList inside = exchange.listAt(ListRequest.all(SHIPPING), 1);

      assertThat(inside.resourceVersion()).isZero();
      assertThat(inside.items()).isEmpty();
    }
  }

  @Test
  void listAtAFutureVersionIsInvalid() {
    try (EtcdObjectExchange exchange = open("/future")) {
      exchange.commit("alice", Write.create(ORDER, Json.object()));

      assertThatThrownBy(() -> exchange.listAt(ListRequest.all(CHECKOUT), 5))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("cannot read at resourceVersion 5: the exchange is at 1");
    }
  }

  @Test
  void listAtACompactedVersionIsExpired() {
    try (EtcdObjectExchange exchange = open("/compacted")) {
      long first = exchange.commit("alice", Write.create(ORDER, Json.object())).resourceVersion();
      exchange.commit("alice", Write.create(SHIPMENT, Json.object()));
      long second = exchange.currentVersion();
      exchange.compact(second);

      assertThatThrownBy(() -> exchange.listAt(ListRequest.all(CHECKOUT), first))
          .isInstanceOf(ExpiredException.class)
          .hasMessageContaining("snapshot read of " + CHECKOUT + " from resourceVersion " + first);
      assertThat(exchange.listAt(ListRequest.all(SHIPPING), second).items()).hasSize(1);
    }
  }

  @Test
  void batchBeyondTheRequestLimitIsInvalidInputAndStoresNothing() {
    try (EtcdObjectExchange exchange = open("/too-large")) {
      List<Write> writes = blobs(2);

      assertThatThrownBy(() -> exchange.commit(new WriteBatch("alice", writes)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith(
              "a batch of 2 writes starting with object "
                  + CHECKOUT
                  + "/Blob/b0 needs an etcd"
                  + " request of ")
          .hasMessageContaining("over this exchange's maxRequestBytes of 1572864");
      assertThat(exchange.currentVersion()).isZero();
      assertThat(exchange.list(ListRequest.all(CHECKOUT)).items()).isEmpty();
    }
  }

  @Test
  void batchThatEtcdRefusesAsTooLargeIsInvalidInputAndStoresNothing() {
    try (EtcdObjectExchange exchange =
        EtcdObjectExchange.open(
            EtcdOptions.of(etcd.endpoints())
                .withPrefix("/etcd-too-large")
                .withMaxRequestBytes(64L << 20))) {
      List<Write> writes = blobs(6);

      assertThatThrownBy(() -> exchange.commit(new WriteBatch("alice", writes)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("etcd refused the write: ")
          .hasMessageEndingWith(
              " (raise the members' --max-request-bytes, or write smaller batches)");
      assertThat(exchange.currentVersion()).isZero();
      assertThat(exchange.list(ListRequest.all(CHECKOUT)).items()).isEmpty();
    }
  }

  @Test
  void batchWithMoreOperationsThanEtcdAllowsIsInvalidInputAndStoresNothing() {
    try (EtcdObjectExchange exchange = open("/too-many")) {
      List<Write> writes = new ArrayList<>();
      for (int n = 0; n < 70; n++) {
        writes.add(Write.create(new ObjectKey(CHECKOUT, "Order", "o" + n), Json.object()));
      }

      assertThatThrownBy(() -> exchange.commit(new WriteBatch("alice", writes)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("too many operations in txn request")
          .hasMessageContaining("raise the members' --max-txn-ops, 128 by default");
      assertThat(exchange.currentVersion()).isZero();
      assertThat(exchange.list(ListRequest.all(CHECKOUT)).items()).isEmpty();
    }
  }

  private static List<Write> blobs(int count) {
    List<Write> writes = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      writes.add(
          Write.create(
              new ObjectKey(CHECKOUT, "Blob", "b" + n),
              Json.object().put("blob", "x".repeat(900_000))));
    }
    return writes;
  }

  @Test
  void exchangesUnderDifferentPrefixesDoNotSeeEachOther() {
    try (EtcdObjectExchange left = open("/left");
        EtcdObjectExchange right = open("/left-2")) {
      left.commit("alice", Write.create(ORDER, Json.object()));

      assertThat(right.get(ORDER)).isEmpty();
      assertThat(right.currentVersion()).isZero();
      assertThat(left.currentVersion()).isEqualTo(1);
    }
  }

  private static EtcdObjectExchange open(String prefix) {
    return EtcdObjectExchange.open(EtcdOptions.of(etcd.endpoints()).withPrefix(prefix));
  }
}
