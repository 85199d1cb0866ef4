package io.knactor.exchange.redis.pushdown;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.exchange.redis.RedisObjectExchange;
import io.knactor.exchange.redis.RedisServerProcess;
import io.knactor.exchange.redis.internal.Connections;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How {@code knactor.lua} sets a pushed-down rule's target field in a document it never decodes:
 * through {@code knactor_splice}, which runs the same code.
 */
class PushDownEdgeTest {
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> connection;

  @BeforeAll
  static void connect() {
    // Opening an exchange loads the library.
    RedisObjectExchange.open(RedisServerProcess.shared().options("splice")).close();
    client = RedisClient.create("redis://127.0.0.1:" + RedisServerProcess.shared().port());
    connection = client.connect();
    assertThat(Connections.LIBRARY).contains("knactor_splice");
  }

  @AfterAll
  static void disconnect() {
    connection.close();
    client.shutdown();
  }

  @Test
  void aFieldIsAddedToAnEmptyObjectAndToTheEndOfAFullOne() {
    assertThat(splice("{}", "addr", "\"a\"")).containsExactly("{\"addr\":\"a\"}", "\"a\"");
    assertThat(splice("{\"x\":1}", "addr", "\"a\""))
        .containsExactly("{\"x\":1,\"addr\":\"a\"}", "\"a\"");
  }

  @Test
  void anExistingFieldIsReplacedInPlaceAndEverythingElseKeepsItsBytes() {
    String doc =
        "{\"meta\":{},\"tags\":[],\"big\":123456789012345678901234567890,"
            + "\"s\":\"br{ace\\\"s ]\",\"addr\":\"old\",\"n\":null}";
    assertThat(splice(doc, "addr", "\"new\"").get(0))
        .isEqualTo(doc.replace("\"addr\":\"old\"", "\"addr\":\"new\""));
  }

  @Test
  void aNestedPathMergesIntoObjectsAndReplacesWhatIsNotAnObject() {
    assertThat(splice("{\"quote\":{\"price\":5}}", "quote.carrier", "\"post\"").get(0))
        .isEqualTo("{\"quote\":{\"price\":5,\"carrier\":\"post\"}}");
    assertThat(splice("{\"quote\":null}", "quote.carrier", "\"post\"").get(0))
        .isEqualTo("{\"quote\":{\"carrier\":\"post\"}}");
    assertThat(splice("{\"a\":1}", "quote.carrier", "true").get(0))
        .isEqualTo("{\"a\":1,\"quote\":{\"carrier\":true}}");
  }

  @Test
  void whitespaceAroundMembersIsTolerated() {
    assertThat(splice("{ \"a\" : [1, {\"b\": 2}] , \"c\" : 3 }", "c", "4").get(0))
        .isEqualTo("{ \"a\" : [1, {\"b\": 2}] , \"c\" : 4 }");
    assertThat(splice("{ }", "c", "4").get(0)).isEqualTo("{ \"c\":4}");
  }

  private static List<String> splice(String doc, String path, String value) {
    return connection
        .sync()
        .fcallReadOnly("knactor_splice", ScriptOutputType.MULTI, new String[0], doc, path, value);
  }
}
