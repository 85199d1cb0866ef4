package io.knactor.exchange.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.knactor.core.exchange.ObjectRevision;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A commit whose connection breaks after its txn left (answer lost) or before it arrived (request
 * lost) is settled by the fence: applied exactly once and acknowledged, never applied twice.
 */
class LostCommitAnswerTest {
  private static final ObjectKey ORDER =
      new ObjectKey(StoreRef.parse("Shop/v1/Checkout/checkout-a"), "Order", "o-1");

  @ParameterizedTest
  @EnumSource(CuttingProxy.Cut.class)
  void createWhoseConnectionBreaksIsAppliedOnceAndAcknowledged(CuttingProxy.Cut cut)
      throws Exception {
    try (CuttingProxy proxy = new CuttingProxy(EtcdCluster.shared().endpoints().get(0));
        EtcdObjectExchange exchange =
            EtcdObjectExchange.open(
                EtcdOptions.of(List.of(proxy.uri())).withPrefix("/lost-" + cut.name()))) {
      proxy.arm(cut);

      StoredObject created =
          exchange.commit("alice", Write.create(ORDER, Json.object().put("n", 1)));

      assertThat(proxy.fired()).as("the proxy broke the commit's connection").isTrue();
      assertThat(created.resourceVersion()).isEqualTo(1);
      assertThat(exchange.currentVersion()).isEqualTo(1);
      assertThat(exchange.get(ORDER)).contains(created);
      assertThat(exchange.history(ORDER))
          .extracting(ObjectRevision::resourceVersion, ObjectRevision::principal)
          .containsExactly(org.assertj.core.api.Assertions.tuple(1L, "alice"));
    }
  }

  @Test
  void upsertWhoseAnswerIsLostIsNotAppliedTwice() throws Exception {
    try (CuttingProxy proxy = new CuttingProxy(EtcdCluster.shared().endpoints().get(0));
        EtcdObjectExchange exchange =
            EtcdObjectExchange.open(
                EtcdOptions.of(List.of(proxy.uri())).withPrefix("/lost-upsert"))) {
      exchange.commit("alice", Write.upsert(ORDER, Json.object().put("n", 1)));
      proxy.arm(CuttingProxy.Cut.ANSWER);

      StoredObject second = exchange.commit("bob", Write.upsert(ORDER, Json.object().put("n", 2)));

      await().until(proxy::fired);
      assertThat(second.resourceVersion()).isEqualTo(2);
      assertThat(exchange.currentVersion()).isEqualTo(2);
      assertThat(exchange.history(ORDER)).hasSize(2);
    }
  }
}
