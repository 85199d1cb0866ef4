package io.knactor.server.http;

import static io.knactor.server.testing.TestServers.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.server.KnactorServer;
import io.knactor.server.testing.RawHttp;
import io.knactor.server.testing.RawHttp.Answer;
import io.knactor.server.testing.TestServers;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wire behaviour of the object routes, request by request. */
class ObjectRoutesTest {
  static final String ITEMS = "/api/v1/stores/Shop/v1/Cart/c1/objects/Item";

  @TempDir Path dir;
  KnactorServer server;
  RawHttp http;

  @BeforeEach
  void start() {
    server = TestServers.start(dir);
    http = new RawHttp(server.uri());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void createAnswersTheStoredObjectInTheObjectForm() {
    Answer created =
        http.post(
            ITEMS,
            ADMIN_TOKEN,
            "{\"kind\":\"Item\",\"metadata\":{\"name\":\"a\",\"labels\":{\"tier\":\"gold\"}},\"data\":{\"n\":1}}");

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body())
        .isEqualTo(
            "{\"kind\":\"Item\",\"metadata\":{\"store\":\"Shop/v1/Cart/c1\",\"name\":\"a\","
                + "\"labels\":{\"tier\":\"gold\"},\"resourceVersion\":\"1\"},\"data\":{\"n\":1}}");
  }

  @Test
  void putUpsertsAnsweringCreatedThenReplaced() {
    Answer first = http.put(ITEMS + "/a", ADMIN_TOKEN, "{\"data\":{\"n\":1}}");
    Answer second = http.put(ITEMS + "/a", ADMIN_TOKEN, "{\"data\":{\"n\":2}}");
    Answer matching =
        http.put(
            ITEMS + "/a",
            ADMIN_TOKEN,
            "{\"metadata\":{\"resourceVersion\":\"2\"},\"data\":{\"n\":3}}");
    Answer absentWithVersion =
        http.put(
            ITEMS + "/b", ADMIN_TOKEN, "{\"metadata\":{\"resourceVersion\":\"2\"},\"data\":{}}");

    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(200);
    assertThat(matching.status()).isEqualTo(200);
    assertThat(matching.json().at("/metadata/resourceVersion").asText()).isEqualTo("3");
    assertThat(absentWithVersion.status()).isEqualTo(404);
  }

  @Test
  void patchMergesDataAndLabels() {
    http.post(
        ITEMS,
        ADMIN_TOKEN,
        "{\"metadata\":{\"name\":\"a\",\"labels\":{\"keep\":\"1\",\"drop\":\"2\"}},\"data\":{\"n\":1,\"m\":{\"x\":1,\"y\":2}}}");

    Answer patched =
        http.send(
            "PATCH",
            ITEMS + "/a?resourceVersion=1",
            ADMIN_TOKEN,
            "{\"metadata\":{\"labels\":{\"drop\":null,\"add\":\"3\"}},\"data\":{\"n\":null,\"m\":{\"y\":5}}}",
            "application/merge-patch+json");
    Answer stale =
        http.send(
            "PATCH",
            ITEMS + "/a?resourceVersion=1",
            ADMIN_TOKEN,
            "{\"data\":{}}",
            "application/merge-patch+json");
    Answer absent =
        http.send(
            "PATCH", ITEMS + "/zz", ADMIN_TOKEN, "{\"data\":{}}", "application/merge-patch+json");

    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.json().get("data").toString()).isEqualTo("{\"m\":{\"x\":1,\"y\":5}}");
    assertThat(patched.json().at("/metadata/labels").toString())
        .isEqualTo("{\"add\":\"3\",\"keep\":\"1\"}");
    assertThat(stale.status()).isEqualTo(409);
    assertThat(absent.status()).isEqualTo(404);
  }

  @Test
  void deleteAnswersTheLastStateWithTheDeletionsVersion() {
    http.post(ITEMS, ADMIN_TOKEN, "{\"metadata\":{\"name\":\"a\"},\"data\":{\"n\":1}}");

    Answer stale = http.send("DELETE", ITEMS + "/a?resourceVersion=7", ADMIN_TOKEN, null, null);
    Answer deleted = http.send("DELETE", ITEMS + "/a?resourceVersion=1", ADMIN_TOKEN, null, null);
    Answer again = http.send("DELETE", ITEMS + "/a", ADMIN_TOKEN, null, null);

    assertThat(stale.status()).isEqualTo(409);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.json().at("/metadata/resourceVersion").asText()).isEqualTo("2");
    assertThat(deleted.json().get("data").toString()).isEqualTo("{\"n\":1}");
    assertThat(again.status()).isEqualTo(404);
  }

  @Test
  void listFiltersByKindAndLabels() {
    http.post(
        ITEMS, ADMIN_TOKEN, "{\"metadata\":{\"name\":\"a\",\"labels\":{\"t\":\"x\"}},\"data\":{}}");
    http.post(
        ITEMS, ADMIN_TOKEN, "{\"metadata\":{\"name\":\"b\",\"labels\":{\"t\":\"y\"}},\"data\":{}}");
    http.post(
        "/api/v1/stores/Shop/v1/Cart/c1/objects/Note",
        ADMIN_TOKEN,
        "{\"metadata\":{\"name\":\"n\",\"labels\":{\"t\":\"x\"}},\"data\":{}}");

    Answer all = http.get("/api/v1/stores/Shop/v1/Cart/c1/objects", ADMIN_TOKEN);
    Answer items = http.get(ITEMS, ADMIN_TOKEN);
    Answer labelled =
        http.get("/api/v1/stores/Shop/v1/Cart/c1/objects?labelSelector=t%3Dx", ADMIN_TOKEN);

    assertThat(all.json().get("kind").asText()).isEqualTo("List");
    assertThat(all.json().get("resourceVersion").asText()).isEqualTo("3");
    assertThat(all.json().get("items")).hasSize(3);
    assertThat(items.json().get("items")).hasSize(2);
    assertThat(labelled.json().get("items").findValuesAsText("name")).containsExactly("a", "n");
  }

  @Test
  void historyListsVersionsWithPrincipalAndAnnotations() {
    http.post(
        "/api/v1/batch",
        ADMIN_TOKEN,
        "{\"writes\":[{\"op\":\"CREATE\",\"store\":\"Shop/v1/Cart/c1\",\"kind\":\"Item\",\"name\":\"a\","
            + "\"data\":{\"n\":1},\"annotations\":{\"source\":\"import\"}}]}");
    http.send("DELETE", ITEMS + "/a", ADMIN_TOKEN, null, null);

    Answer history = http.get(ITEMS + "/a/history", ADMIN_TOKEN);

    assertThat(history.status()).isEqualTo(200);
    assertThat(history.json().get("kind").asText()).isEqualTo("History");
    assertThat(history.json().get("items").findValuesAsText("type"))
        .containsExactly("ADDED", "DELETED");
    assertThat(history.json().get("items").findValuesAsText("principal")).containsOnly("admin");
    assertThat(history.json().at("/items/0/annotations/source").asText()).isEqualTo("import");
    assertThat(history.json().at("/items/0/time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
  }

  @Test
  void versionAndHealthAnswer() {
    assertThat(http.get("/api/v1/version", ADMIN_TOKEN).body())
        .isEqualTo("{\"resourceVersion\":\"0\"}");
    assertThat(http.get("/healthz", null).body()).isEqualTo("{\"status\":\"ok\"}");
  }
}
