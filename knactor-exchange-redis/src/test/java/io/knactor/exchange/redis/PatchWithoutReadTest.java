package io.knactor.exchange.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client patches an object it wrote last without reading it first, and still merges onto a change
 * another client made since. On a server of its own, whose command counts only this test moves.
 */
class PatchWithoutReadTest {
  private static final ObjectKey ORDER =
      ObjectKey.of("Shop/v1/Checkout/checkout-a", "Order", "o-1");
  private static final Pattern HGET_CALLS = Pattern.compile("cmdstat_hget:calls=(\\d+)");

  @TempDir Path dir;

  @Test
  void aPatchOfAnObjectThisClientWroteLastSkipsTheRead() {
    try (RedisServerProcess redis = RedisServerProcess.start(dir);
        RedisObjectExchange writer = RedisObjectExchange.open(redis.options("bases"));
        RedisObjectExchange other = RedisObjectExchange.open(redis.options("bases"))) {
      RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.port());
      try (StatefulRedisConnection<String, String> stats = client.connect()) {
        writer.commit("alice", Write.create(ORDER, Json.object().put("n", 1)));

        long before = hgets(stats);
        other.commit("bob", Write.patchOrCreate(ORDER, Json.object().put("n", 2)));
        long readFirst = hgets(stats) - before;

        other.commit("bob", Write.patchOrCreate(ORDER, Json.object().put("n", 3)));
        long remembered = hgets(stats) - before - readFirst;

        assertThat(remembered).isEqualTo(readFirst - 1);
        assertThat(writer.get(ORDER).orElseThrow().data()).isEqualTo(Json.object().put("n", 3));
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void aPatchOverAnotherClientsChangeMergesOntoIt() {
    RedisOptions options = RedisServerProcess.shared().options("bases-stale");
    try (RedisObjectExchange first = RedisObjectExchange.open(options);
        RedisObjectExchange second = RedisObjectExchange.open(options)) {
      first.commit("alice", Write.create(ORDER, Json.object().put("a", 1).put("n", 1)));
      second.commit("bob", Write.patchOrCreate(ORDER, Json.object().put("n", 2)));

      StoredObject patched =
          first.commit("alice", Write.patchOrCreate(ORDER, Json.object().put("b", 3)));

      assertThat(patched.data()).isEqualTo(Json.object().put("a", 1).put("n", 2).put("b", 3));
      assertThat(second.get(ORDER)).contains(patched);
    }
  }

  @Test
  void aDeletedObjectIsNotPatchedFromItsRememberedState() {
    RedisOptions options = RedisServerProcess.shared().options("bases-deleted");
    try (RedisObjectExchange ex = RedisObjectExchange.open(options)) {
      StoredObject created = ex.commit("alice", Write.create(ORDER, Json.object().put("a", 1)));
      ex.commit("alice", Write.delete(ORDER, created.resourceVersion()));

      StoredObject recreated =
          ex.commit("alice", Write.patchOrCreate(ORDER, Json.object().put("b", 2)));

      assertThat(recreated.data()).isEqualTo(Json.object().put("b", 2));
    }
  }

  private static long hgets(StatefulRedisConnection<String, String> stats) {
    Matcher m = HGET_CALLS.matcher(stats.sync().info("commandstats"));
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
