package io.knactor.server.http;

import static io.knactor.server.testing.TestServers.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.knactor.core.error.ExpiredException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.error.WatchOverflowException;
import io.knactor.core.exchange.EventType;
import io.knactor.core.exchange.ListRequest;
import io.knactor.core.exchange.ObjectList;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.exchange.embedded.EmbeddedObjectExchange;
import io.knactor.sdk.http.HttpObjectExchange;
import io.knactor.server.KnactorServer;
import io.knactor.server.ServerConfig;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpWatchTest {
  static final StoreRef STORE = StoreRef.parse("Watch/v1/Test/w");
  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  KnactorServer server;
  EmbeddedObjectExchange backend;

  void start(Duration bookmarkInterval) {
    backend = EmbeddedObjectExchange.open(dir.resolve("objects"));
    server =
        KnactorServer.start(
            ServerConfig.builder()
                .dataDir(dir)
                .adminToken(ADMIN_TOKEN)
                .watchBookmarkInterval(bookmarkInterval)
                .build(),
            backend);
  }

  HttpObjectExchange client() {
    return new HttpObjectExchange(server.uri(), ADMIN_TOKEN);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  static ObjectKey key(String name) {
    return new ObjectKey(STORE, "Item", name);
  }

  static List<WatchEvent> take(Watch watch, int count) throws InterruptedException {
    List<WatchEvent> events = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (events.size() < count && System.nanoTime() < deadline) {
      WatchEvent event = watch.poll(Duration.ofMillis(100));
      if (event != null) {
        events.add(event);
      }
    }
    return events;
  }

  @Test
  void concurrentWritesArriveInVersionOrderExactlyOnce() throws Exception {
    start(ServerConfig.DEFAULT_BOOKMARK_INTERVAL);
    HttpObjectExchange client = client();
    int writers = 4;
    int perWriter = 50;
    try (Watch watch = client.watch(WatchRequest.of(STORE, null, client.currentVersion()))) {
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perWriter; i++) {
                    client.commit(
                        "x",
                        Write.upsert(
                            key("w" + writer), Json.parseObject("{\"i\":" + i + "}", "t")));
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();

      List<WatchEvent> events = take(watch, writers * perWriter);

      assertThat(events).hasSize(writers * perWriter);
      assertThat(events).extracting(WatchEvent::resourceVersion).isSorted().doesNotHaveDuplicates();
      for (int w = 0; w < writers; w++) {
        String name = "w" + w;
        assertThat(events.stream().filter(e -> e.object().name().equals(name)))
            .extracting(e -> e.object().data().get("i").asInt())
            .containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, perWriter).boxed().toList());
      }
      assertThat(watch.poll(Duration.ofMillis(200))).isNull();
    }
  }

  @Test
  void watchResumesFromAListVersionWithoutGap() throws Exception {
    start(ServerConfig.DEFAULT_BOOKMARK_INTERVAL);
    HttpObjectExchange client = client();
    client.commit("x", Write.create(key("a"), Json.parseObject("{\"v\":1}", "t")));
    ObjectList list = client.list(ListRequest.all(STORE));
    client.commit("x", Write.patch(key("a"), 0, Json.parseObject("{\"v\":2}", "t")));
    client.commit("x", Write.create(key("b"), Json.parseObject("{\"v\":1}", "t")));
    client.commit("x", Write.delete(key("a"), 0));

    try (Watch watch = client.watch(WatchRequest.of(STORE, "Item", list.resourceVersion()))) {
      List<WatchEvent> events = take(watch, 3);

      assertThat(events)
          .extracting(WatchEvent::type, e -> e.object().name(), WatchEvent::resourceVersion)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  EventType.MODIFIED, "a", list.resourceVersion() + 1),
              org.assertj.core.groups.Tuple.tuple(EventType.ADDED, "b", list.resourceVersion() + 2),
              org.assertj.core.groups.Tuple.tuple(
                  EventType.DELETED, "a", list.resourceVersion() + 3));
    }
  }

  @Test
  void atomicBatchAcrossStoresIsSeenWholeByAMultiStoreWatch() throws Exception {
    start(ServerConfig.DEFAULT_BOOKMARK_INTERVAL);
    HttpObjectExchange client = client();
    StoreRef other = StoreRef.parse("Watch/v1/Other/o");
    try (Watch watch =
        client.watch(WatchRequest.ofStores(Set.of(STORE, other), client.currentVersion()))) {
      client.commit(
          WriteBatch.of(
              "x",
              Write.create(key("a"), Json.object()),
              Write.create(new ObjectKey(other, "Item", "b"), Json.object())));

      assertThat(take(watch, 2)).extracting(e -> e.object().store()).containsExactly(STORE, other);
    }
  }

  @Test
  void watchFromExpiredVersionIsGone() throws Exception {
    start(ServerConfig.DEFAULT_BOOKMARK_INTERVAL);
    HttpObjectExchange client = client();
    for (int i = 0; i < 5; i++) {
      client.commit("x", Write.create(key("o-" + i), Json.object()));
    }
    backend.trimChangeLog(4);

    assertThatThrownBy(() -> client.watch(WatchRequest.of(STORE, null, 1)))
        .isInstanceOf(ExpiredException.class);
    HttpResponse<String> raw =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            server.uri()
                                + "/api/v1/stores/"
                                + STORE
                                + "/objects?watch=true&resourceVersion=1"))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(raw.statusCode()).isEqualTo(410);
    assertThat(Json.parseObject(raw.body(), "t").get("reason").asText()).isEqualTo("Expired");
  }

  @Test
  void silentStreamsCarryBookmarksThatClientsIgnore() throws Exception {
    start(Duration.ofMillis(50));
    HttpObjectExchange client = client();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    server.uri()
                        + "/api/v1/stores/"
                        + STORE
                        + "/objects/Item?watch=true&resourceVersion=0"))
            .header("Authorization", "Bearer " + ADMIN_TOKEN)
            .build();
    HttpResponse<InputStream> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(lines.readLine())
          .isEqualTo(
              "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"0\"}}}");
    }
    try (Watch watch = client.watch(WatchRequest.of(STORE, null, 0))) {
      assertThat(watch.poll(Duration.ofMillis(300))).isNull();
      client.commit("x", Write.create(key("a"), Json.object()));
      assertThat(take(watch, 1)).extracting(WatchEvent::type).containsExactly(EventType.ADDED);
    }
  }

  @Test
  void closingAClientWatchEndsTheServerSide() throws Exception {
    start(Duration.ofMillis(50));
    HttpObjectExchange client = client();
    Watch watch = client.watch(WatchRequest.of(STORE, null, 0));
    await().atMost(WAIT).until(() -> server.metrics().openWatches() == 1);

    watch.close();

    await().atMost(WAIT).until(() -> server.metrics().openWatches() == 0);
    assertThatThrownBy(() -> watch.poll(Duration.ZERO)).isInstanceOf(UnavailableException.class);
  }

  @Test
  void serverShutdownEndsWatchesWithUnavailable() throws Exception {
    start(ServerConfig.DEFAULT_BOOKMARK_INTERVAL);
    Watch watch = client().watch(WatchRequest.of(STORE, null, 0));

    server.close();
    server = null;

    assertThatThrownBy(() -> take(watch, 1)).isInstanceOf(UnavailableException.class);
  }

  @Test
  void clientThatFallsBehindItsQueueCapacityOverflows() throws Exception {
    start(ServerConfig.DEFAULT_BOOKMARK_INTERVAL);
    HttpObjectExchange client = client();
    Watch watch = client.watch(WatchRequest.of(STORE, null, 0).withQueueCapacity(5));
    List<Write> writes = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      writes.add(Write.create(key("o-" + i), Json.object()));
    }
    client.commit(new WriteBatch("x", writes));

    assertThatThrownBy(() -> take(watch, 20))
        .isInstanceOf(WatchOverflowException.class)
        .hasMessageContaining("fell more than 5 events behind");
  }

  @Test
  void manyConcurrentWatchersAllSeeAWrite() throws Exception {
    start(ServerConfig.DEFAULT_BOOKMARK_INTERVAL);
    HttpObjectExchange client = client();
    List<Watch> watches = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        watches.add(client.watch(WatchRequest.of(STORE, null, 0)));
      }
      client.commit("x", Write.create(key("a"), Json.object()));

      for (Watch watch : watches) {
        assertThat(take(watch, 1)).extracting(e -> e.object().name()).containsExactly("a");
      }
    } finally {
      watches.forEach(Watch::close);
    }
  }
}
