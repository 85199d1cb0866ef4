package io.knactor.exchange.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.core.exchange.CommitResult;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.exchange.redis.RedisObjectExchange;
import io.knactor.exchange.redis.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Lettuce re-sends a command that was in flight when its connection broke; a commit that Redis ran
 * before the break must not run twice.
 */
class BatchCallReplayTest {
  private static final ObjectKey ORDER =
      ObjectKey.of("Shop/v1/Checkout/checkout-a", "Order", "o-1");

  @Test
  void aCommitCallSentTwiceRunsOnceAndAnswersTheSameBothTimes() {
    RedisServerProcess redis = RedisServerProcess.shared();
    Keys keys = new Keys("replay");
    RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.port());
    try (RedisObjectExchange exchange = RedisObjectExchange.open(redis.options("replay"));
        StatefulRedisConnection<String, String> raw = client.connect()) {
      BatchCall call =
          BatchCall.prepare(WriteBatch.of("alice", Write.upsert(ORDER, Json.object().put("n", 1))));
      BatchCall.Invocation invocation = call.invocation(keys, Map.of(), 5, 1000);

      List<Object> first = commit(raw, invocation);
      List<Object> second = commit(raw, invocation);

      assertThat(second).isEqualTo(first);
      CommitResult result = call.result(second, invocation).orElseThrow();
      assertThat(result.version()).isEqualTo(1);
      assertThat(exchange.currentVersion()).isEqualTo(1);
      assertThat(exchange.history(ORDER)).hasSize(1);
      assertThat(exchange.get(ORDER)).contains(result.objects().get(0));
    } finally {
      client.shutdown();
    }
  }

  private static List<Object> commit(
      StatefulRedisConnection<String, String> raw, BatchCall.Invocation invocation) {
    return raw.sync()
        .fcall("knactor_commit", ScriptOutputType.MULTI, invocation.keys(), invocation.args());
  }
}
