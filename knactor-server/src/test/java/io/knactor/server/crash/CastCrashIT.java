package io.knactor.server.crash;

import static io.knactor.server.testing.TestServers.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.knactor.cast.eval.Provenance;
import io.knactor.cast.runtime.CastState;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectRevision;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.sdk.http.AdminClient;
import io.knactor.sdk.http.HttpObjectExchange;
import io.knactor.server.testing.ChildServer;
import io.knactor.server.testing.CrashLoops;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a server running a cast with SIGKILL while source objects are written, restarts it, and
 * checks that the cast resumed from its stored position (no resync) with every effect present
 * exactly once: each copy holds its source's last value, and no source version caused two writes.
 */
@Tag("crash")
class CastCrashIT {
  static final StoreRef SOURCE = StoreRef.parse("Crash/v1/Source/src");
  static final StoreRef MIRROR = StoreRef.parse("Crash/v1/Mirror/mirror");
  static final String SOURCE_TOKEN = "source-token-0123456789";
  static final int WRITERS = 2;
  static final int VALUES = 5;
  static final Duration WAIT = Duration.ofSeconds(60);

  static final String YAML =
      """
      schema: Crash/v1/Source/Counter
      n: integer
      ---
      schema: Crash/v1/Mirror/Copy
      n: integer # +kr: external
      ---
      kind: Principal
      name: src
      role: knactor
      token: source-token-0123456789
      ---
      kind: Principal
      name: mirror-owner
      role: knactor
      ---
      kind: Knactor
      name: Crash/v1/Source/src
      principal: src
      ---
      kind: Knactor
      name: Crash/v1/Mirror/mirror
      principal: mirror-owner
      ---
      kind: Cast
      name: mirror
      input:
        S: Crash/v1/Source/src
        M: Crash/v1/Mirror/mirror
      dxg:
        M.copy:
          n: S.counter.n
      """;

  @TempDir Path dir;

  @Test
  void castEffectsAreExactlyOnceAcrossSigkill() throws Exception {
    Path data = dir.resolve("data");
    Path log = dir.resolve("server.log");
    Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
    AtomicInteger acks = new AtomicInteger();

    try (ChildServer first = ChildServer.start(data, log)) {
      new AdminClient(first.uri(), ADMIN_TOKEN).apply(YAML);
      HttpObjectExchange source = new HttpObjectExchange(first.uri(), SOURCE_TOKEN);
      HttpObjectExchange admin = new HttpObjectExchange(first.uri(), ADMIN_TOKEN);
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        writers.add(
            CrashLoops.start(
                () -> {
                  for (int key = 0; ; key++) {
                    String name = "k-" + writer + "-" + key;
                    for (int n = 1; n <= VALUES; n++) {
                      write(source, name, n);
                      acknowledged.put(name, n);
                      acks.incrementAndGet();
                    }
                  }
                }));
      }
      await()
          .atMost(WAIT)
          .until(
              () ->
                  acks.get() >= 300
                      && CastState.load(admin, "mirror").map(CastState::position).orElse(0L) > 100);

      first.kill();
      for (Thread writer : writers) {
        writer.join(30_000);
        assertThat(writer.isAlive()).isFalse();
      }
    }

    try (ChildServer second = ChildServer.start(data, log)) {
      HttpObjectExchange source = new HttpObjectExchange(second.uri(), SOURCE_TOKEN);
      HttpObjectExchange admin = new HttpObjectExchange(second.uri(), ADMIN_TOKEN);
      for (Map.Entry<String, Integer> entry : acknowledged.entrySet()) {
        for (int n = entry.getValue() + 1; n <= VALUES; n++) {
          write(source, entry.getKey(), n);
        }
      }

      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                for (String name : acknowledged.keySet()) {
                  assertThat(admin.get(copy(name)))
                      .as("copy %s", name)
                      .hasValueSatisfying(
                          o -> assertThat(o.data().path("n").asInt()).isEqualTo(VALUES));
                }
              });

      Map<String, Integer> effectsPerSourceVersion = new HashMap<>();
      for (String name : acknowledged.keySet()) {
        List<ObjectRevision> history = admin.history(copy(name));
        int last = 0;
        for (ObjectRevision revision : history) {
          assertThat(revision.principal()).isEqualTo("mirror");
          int n = revision.data().path("n").asInt();
          assertThat(n).as("values written to copy %s", name).isGreaterThan(last);
          last = n;
          Provenance provenance = Provenance.fromAnnotations(revision.annotations()).orElseThrow();
          provenance
              .fields()
              .get("n")
              .sources()
              .forEach(
                  (key, version) ->
                      effectsPerSourceVersion.merge(key + "@" + version, 1, Integer::sum));
        }
      }
      assertThat(effectsPerSourceVersion).isNotEmpty();
      assertThat(effectsPerSourceVersion.values()).allMatch(count -> count == 1);

      var status =
          new AdminClient(second.uri(), ADMIN_TOKEN)
              .send("GET", "/api/v1/casts/mirror", null, null);
      assertThat(status.body().path("resyncs").asLong()).as("resumed, not resynced").isZero();
      assertThat(status.body().path("failures").size()).isZero();
    }
  }

  private static void write(ObjectExchange source, String name, int n) {
    source.commit(
        "src",
        Write.upsert(
            new ObjectKey(SOURCE, "Counter", name), Json.parseObject("{\"n\":" + n + "}", "n")));
  }

  private static ObjectKey copy(String name) {
    return new ObjectKey(MIRROR, "Copy", name);
  }
}
