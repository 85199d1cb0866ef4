package io.knactor.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ObjectExchange} backend keeps, as tests. A backend's test extends this
 * class and implements the hooks:
 *
 * <ul>
 *   <li>{@link #newExchange(java.nio.file.Path)}: a fresh, empty exchange (version 0);
 *   <li>{@link #compactUpTo(ObjectExchange, long)}: forget the change history up to a version, as
 *       retention would, so that older watches expire;
 *   <li>{@link #historyLimit()}: how many versions per object the history keeps;
 *   <li>{@link #reopen(ObjectExchange, java.nio.file.Path)}, for durable backends: close and open
 *       the same exchange again; without it the durability tests are skipped.
 * </ul>
 *
 * <p>The tests are grouped by feature in the superclasses ({@link WriteConformance}, {@link
 * BatchConformance}, {@link ReadConformance}, {@link WatchConformance}, {@link
 * WatchPropertyConformance}); this class adds durability. They need JUnit Jupiter and jqwik on the
 * test classpath, use only the SPI, and assert error types and that messages name the object, not
 * exact backend wording. Exchanges must tolerate a second {@code close()}, and a blocked {@code
 * Watch.poll} must wait (thread state WAITING or TIMED_WAITING), not spin or read a socket
 * directly.
 */
public abstract class ObjectExchangeConformanceTest extends WatchPropertyConformance {
  private static final ObjectKey ORDER = key(CHECKOUT, "Order", "o-1");
  private static final ObjectKey SHIPMENT = key(SHIPPING, "Shipment", "o-1");

  @Test
  void acknowledgedWritesArePresentAfterReopen() {
    StoredObject order = create(ORDER, "{'cost':12.5}");
    StoredObject patched =
        commit("bob", Write.patch(ORDER, Write.ANY_VERSION, json("{'cost':13}")));
    StoredObject shipment = create(SHIPMENT, "{'addr':'x'}");
    StoredObject gone = commit("bob", Write.delete(SHIPMENT, Write.ANY_VERSION));
    List<ObjectRevision> orderHistory = ex.history(ORDER);
    long version = ex.currentVersion();

    ex = reopen(ex, dir);

    assertThat(ex.currentVersion()).isEqualTo(version).isEqualTo(gone.resourceVersion());
    assertThat(ex.get(ORDER)).contains(patched);
    assertThat(ex.get(SHIPMENT)).isEmpty();
    assertThat(ex.list(ListRequest.all(CHECKOUT)).items()).containsExactly(patched);
    assertThat(ex.history(ORDER)).isEqualTo(orderHistory);
    assertThat(ex.history(SHIPMENT))
        .extracting(ObjectRevision::resourceVersion)
        .containsExactly(shipment.resourceVersion(), gone.resourceVersion());
    assertThat(order.resourceVersion()).isLessThan(patched.resourceVersion());
  }

  @Test
  void versionsKeepGrowingAfterReopen() {
    StoredObject before = create(ORDER, "{}");

    ex = reopen(ex, dir);
    StoredObject after = create(SHIPMENT, "{}");

    assertThat(after.resourceVersion()).isGreaterThan(before.resourceVersion());
    assertThat(ex.currentVersion()).isEqualTo(after.resourceVersion());
  }

  @Test
  void watchFromAPreCloseVersionResumesWithoutGapAfterReopen() throws Exception {
    long start = ex.currentVersion();
    StoredObject first = create(ORDER, "{'n':1}");
    StoredObject second = commit("bob", Write.patch(ORDER, Write.ANY_VERSION, json("{'n':2}")));
    long lastSeen = ex.currentVersion();

    ex = reopen(ex, dir);
    StoredObject third = create(SHIPMENT, "{}");

    try (Watch resumed = ex.watch(WatchRequest.ofStores(Set.of(), lastSeen));
        Watch replayed = ex.watch(WatchRequest.ofStores(Set.of(), start))) {
      assertThat(take(resumed, 1)).containsExactly(added(third));
      assertThat(take(replayed, 3)).containsExactly(added(first), modified(second), added(third));
    }
  }
}
