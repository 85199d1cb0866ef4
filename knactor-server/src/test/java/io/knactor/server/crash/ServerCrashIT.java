package io.knactor.server.crash;

import static io.knactor.server.testing.TestServers.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.knactor.core.exchange.ListRequest;
import io.knactor.core.exchange.ObjectList;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import io.knactor.sdk.http.HttpObjectExchange;
import io.knactor.server.testing.ChildServer;
import io.knactor.server.testing.CrashLoops;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the server process with SIGKILL while HTTP writers run, restarts it on the same data
 * directory, and checks that nothing acknowledged was lost and that a watch resumes without a gap.
 */
@Tag("crash")
class ServerCrashIT {
  static final StoreRef STORE = StoreRef.parse("Crash/v1/Test/c");
  static final int WRITERS = 4;

  @TempDir Path dir;

  @Test
  void acknowledgedWritesSurviveSigkillAndWatchResumesWithoutGap() throws Exception {
    Path data = dir.resolve("data");
    Path log = dir.resolve("server.log");
    ConcurrentHashMap<String, Long> acknowledged = new ConcurrentHashMap<>();
    AtomicInteger acks = new AtomicInteger();
    AtomicLong highestAckedVersion = new AtomicLong();
    List<WatchEvent> seen = new CopyOnWriteArrayList<>();

    try (ChildServer first = ChildServer.start(data, log)) {
      HttpObjectExchange client = new HttpObjectExchange(first.uri(), ADMIN_TOKEN);
      Watch watch = client.watch(WatchRequest.of(STORE, null, client.currentVersion()));
      Thread watcher =
          CrashLoops.start(
              () -> {
                while (true) {
                  WatchEvent event = watch.poll(Duration.ofSeconds(1));
                  if (event != null) {
                    seen.add(event);
                  }
                }
              });
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        String name = "w" + w;
        writers.add(
            CrashLoops.start(
                () -> {
                  for (long i = 1; ; i++) {
                    StoredObject stored =
                        client.commit(
                            "x",
                            Write.upsert(
                                new ObjectKey(STORE, "Item", name),
                                Json.parseObject("{\"i\":" + i + "}", "counter")));
                    acknowledged.put(name, i);
                    highestAckedVersion.accumulateAndGet(stored.resourceVersion(), Math::max);
                    acks.incrementAndGet();
                  }
                }));
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> acks.get() >= 400 && seen.size() >= 100);

      first.kill();

      for (Thread writer : writers) {
        writer.join(30_000);
        assertThat(writer.isAlive()).isFalse();
      }
      watcher.join(30_000);
      assertThat(watcher.isAlive()).isFalse();
    }

    try (ChildServer second = ChildServer.start(data, log)) {
      HttpObjectExchange client = new HttpObjectExchange(second.uri(), ADMIN_TOKEN);
      ObjectList after = client.list(ListRequest.all(STORE));

      assertThat(client.currentVersion()).isGreaterThanOrEqualTo(highestAckedVersion.get());
      for (var entry : acknowledged.entrySet()) {
        StoredObject object =
            after.items().stream()
                .filter(o -> o.name().equals(entry.getKey()))
                .findFirst()
                .orElseThrow();
        assertThat(object.data().get("i").asLong())
            .as("last acknowledged write of %s", entry.getKey())
            .isGreaterThanOrEqualTo(entry.getValue());
      }

      assertThat(seen).extracting(WatchEvent::resourceVersion).isSorted().doesNotHaveDuplicates();
      long lastSeen = seen.get(seen.size() - 1).resourceVersion();
      long current = client.currentVersion();
      List<WatchEvent> resumed = new ArrayList<>();
      try (Watch watch = client.watch(WatchRequest.of(STORE, null, lastSeen))) {
        long upTo = lastSeen;
        while (upTo < current) {
          WatchEvent event = watch.poll(Duration.ofSeconds(10));
          assertThat(event).as("event after %s", upTo).isNotNull();
          resumed.add(event);
          upTo = event.resourceVersion();
        }
        StoredObject sentinel =
            client.commit(
                "x", Write.create(new ObjectKey(STORE, "Item", "sentinel"), Json.object()));
        assertThat(watch.poll(Duration.ofSeconds(10)).object()).isEqualTo(sentinel);
      }
      assertThat(resumed)
          .extracting(WatchEvent::resourceVersion)
          .containsExactlyElementsOf(
              LongStream.rangeClosed(lastSeen + 1, current).boxed().toList());
      for (StoredObject object : after.items()) {
        WatchEvent last =
            resumed.stream()
                .filter(e -> e.object().name().equals(object.name()))
                .reduce((a, b) -> b)
                .orElseGet(
                    () ->
                        seen.stream()
                            .filter(e -> e.object().name().equals(object.name()))
                            .reduce((a, b) -> b)
                            .orElseThrow());
        assertThat(last.object().data()).isEqualTo(object.data());
      }
    }
  }
}
