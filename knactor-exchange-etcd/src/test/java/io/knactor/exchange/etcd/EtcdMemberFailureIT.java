package io.knactor.exchange.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A three-member etcd cluster loses its leader to SIGKILL while writers commit through one exchange
 * configured with all three endpoints: every acknowledged write is still there, and a watch opened
 * before the kill delivers every committed version, in order, without gap, and keeps delivering.
 */
class EtcdMemberFailureIT {
  private static final StoreRef STORE = StoreRef.parse("Shop/v1/Checkout/checkout-a");
  private static final int WRITERS = 4;
  private static final int WRITES_EACH = 150;

  @TempDir Path dir;
  EtcdCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void killingTheLeaderDuringWritesLosesNoAcknowledgedWriteAndTheWatchContinues() throws Exception {
    cluster = EtcdCluster.start(dir, 3);
    EtcdCluster.Member leader = leader(cluster);
    List<URI> endpoints = new ArrayList<>(cluster.endpoints());
    // The client starts on the leader, so the kill breaks its connections as well.
    endpoints.remove(leader.clientUrl());
    endpoints.add(0, leader.clientUrl());
    EtcdOptions options =
        EtcdOptions.of(endpoints).withPrefix("/fault").withRetryWindow(Duration.ofSeconds(30));
    Map<Long, StoredObject> acked = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try (EtcdObjectExchange exchange = EtcdObjectExchange.open(options);
        Watch watch = exchange.watch(new WatchRequest(Set.of(), null, 0, 100_000))) {
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        writers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < WRITES_EACH; i++) {
                    ObjectKey key = new ObjectKey(STORE, "Order", "w" + writer + "-" + (i % 20));
                    try {
                      StoredObject stored =
                          exchange.commit(
                              "writer-" + writer,
                              Write.upsert(key, Json.object().put("writer", writer).put("i", i)));
                      acked.put(stored.resourceVersion(), stored);
                    } catch (UnavailableException notAcknowledged) {
                      // Not acknowledged: it may or may not have applied, and is not checked.
                    }
                  }
                  return null;
                }));
      }
      await().atMost(Duration.ofMinutes(1)).until(() -> acked.size() >= WRITERS * 20);
      int beforeKill = acked.size();

      cluster.kill(leader);

      for (Future<?> writer : writers) {
        writer.get();
      }
      assertThat(acked.size()).as("writes acknowledged after the kill").isGreaterThan(beforeKill);
      StoredObject sentinel =
          exchange.commit(
              "checker", Write.create(new ObjectKey(STORE, "Order", "sentinel"), Json.object()));
      long last = exchange.currentVersion();
      assertThat(last).isEqualTo(sentinel.resourceVersion());

      for (StoredObject object : latestPerKey(acked).values()) {
        assertThat(exchange.get(object.key())).as("acknowledged %s", object).contains(object);
      }
      List<WatchEvent> events = new ArrayList<>();
      while (events.size() < last) {
        WatchEvent event = watch.poll(Duration.ofSeconds(30));
        assertThat(event).as("event after %d of %d", events.size(), last).isNotNull();
        events.add(event);
      }
      assertThat(events)
          .extracting(WatchEvent::resourceVersion)
          .as("every version, in order, once")
          .containsExactlyElementsOf(
              java.util.stream.LongStream.rangeClosed(1, last).boxed().toList());
      for (WatchEvent event : events) {
        StoredObject ack = acked.get(event.resourceVersion());
        if (ack != null) {
          assertThat(event.object()).isEqualTo(ack);
        }
      }
      assertThat(events.get(events.size() - 1).object()).isEqualTo(sentinel);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Map<ObjectKey, StoredObject> latestPerKey(Map<Long, StoredObject> acked) {
    Map<ObjectKey, StoredObject> latest = new java.util.HashMap<>();
    acked.values().stream()
        .sorted(java.util.Comparator.comparingLong(StoredObject::resourceVersion))
        .forEach(o -> latest.put(o.key(), o));
    return latest;
  }

  /** The member that reports itself as the leader. */
  private static EtcdCluster.Member leader(EtcdCluster cluster) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ObjectMapper mapper = new ObjectMapper();
    for (EtcdCluster.Member member : cluster.members()) {
      HttpRequest status =
          HttpRequest.newBuilder(member.clientUrl().resolve("/v3/maintenance/status"))
              .POST(HttpRequest.BodyPublishers.ofString("{}"))
              .build();
      JsonNode answer =
          mapper.readTree(http.send(status, HttpResponse.BodyHandlers.ofString()).body());
      if (answer.path("leader").asText().equals(answer.path("header").path("member_id").asText())) {
        return member;
      }
    }
    throw new IllegalStateException("no member of " + cluster.endpoints() + " leads");
  }
}
