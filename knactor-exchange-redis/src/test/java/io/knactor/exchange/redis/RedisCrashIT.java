package io.knactor.exchange.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.knactor.core.error.UnavailableException;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of redis-server (appendonly, appendfsync always) during concurrent batches: after a
 * restart on the same files every acknowledged write is there, and a watch opened before the crash
 * continues, as does a new one from its last version, with no gap and no duplicate.
 */
class RedisCrashIT {
  private static final StoreRef CHECKOUT = StoreRef.parse("Shop/v1/Checkout/checkout-a");
  private static final StoreRef SHIPPING = StoreRef.parse("Shop/v1/Shipping/shipping-a");
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int WRITERS = 3;

  @TempDir Path dir;

  @Test
  void acknowledgedWritesSurviveSigkillAndWatchesContinueWithoutGap() throws Exception {
    RedisServerProcess redis = RedisServerProcess.start(dir);
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try (RedisObjectExchange ex =
            RedisObjectExchange.open(redis.options("crash").withTimeout(Duration.ofSeconds(5)));
        Watch watch = ex.watch(WatchRequest.ofStores(Set.of(), 0))) {
      Map<Long, StoredObject> acked = new ConcurrentHashMap<>();
      List<Future<UnavailableException>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        writers.add(pool.submit(() -> writeUntilUnavailable(ex, writer, acked)));
      }
      List<WatchEvent> beforeCrash = WatchEvents.take(watch, 100, WAIT);
      await().atMost(WAIT).until(() -> acked.size() >= 400);

      redis.kill();
      for (Future<UnavailableException> writer : writers) {
        assertThat(writer.get()).as("how the writer stopped").isNotNull();
      }
      redis = redis.restart();

      StoredObject afterRestart =
          await()
              .atMost(WAIT)
              .ignoreExceptionsInstanceOf(UnavailableException.class)
              .until(
                  () ->
                      ex.commit(
                          "after", Write.create(key(CHECKOUT, "after"), Json.object().put("n", 1))),
                  created -> true);
      for (StoredObject object : acked.values()) {
        assertThat(ex.get(object.key())).as("acknowledged %s", object).contains(object);
      }
      long last = afterRestart.resourceVersion();
      assertThat(last).isGreaterThan(acked.keySet().stream().mapToLong(v -> v).max().orElseThrow());

      long resumeFrom = beforeCrash.get(beforeCrash.size() - 1).resourceVersion();
      List<WatchEvent> continued = WatchEvents.take(watch, (int) (last - resumeFrom), WAIT);
      try (Watch resumed = ex.watch(WatchRequest.ofStores(Set.of(), resumeFrom))) {
        assertThat(WatchEvents.take(resumed, (int) (last - resumeFrom), WAIT)).isEqualTo(continued);
      }
      List<WatchEvent> all = new ArrayList<>(beforeCrash);
      all.addAll(continued);
      assertThat(all)
          .extracting(WatchEvent::resourceVersion)
          .as("every version exactly once, in order")
          .containsExactlyElementsOf(LongStream.rangeClosed(1, last).boxed().toList());
      for (WatchEvent event : all) {
        StoredObject ack = acked.get(event.resourceVersion());
        if (ack != null) {
          assertThat(event.object()).isEqualTo(ack);
        }
      }
      assertThat(all.get(all.size() - 1).object()).isEqualTo(afterRestart);
    } finally {
      pool.shutdownNow();
      redis.close();
    }
  }

  /** Commits two-store batches until Redis goes away; returns the error that stopped it. */
  private static UnavailableException writeUntilUnavailable(
      RedisObjectExchange ex, int writer, Map<Long, StoredObject> acked) {
    for (int i = 0; ; i++) {
      String name = "w" + writer + "-" + i;
      try {
        ex.commit(
                new WriteBatch(
                    "writer-" + writer,
                    List.of(
                        Write.create(key(CHECKOUT, name), Json.object().put("i", i)),
                        Write.upsert(key(SHIPPING, name), Json.object().put("i", i)))))
            .objects()
            .forEach(o -> acked.put(o.resourceVersion(), o));
      } catch (UnavailableException e) {
        return e;
      }
    }
  }

  private static ObjectKey key(StoreRef store, String name) {
    return new ObjectKey(store, "Order", name);
  }
}
