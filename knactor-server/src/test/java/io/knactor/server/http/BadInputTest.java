package io.knactor.server.http;

import static io.knactor.server.testing.RetailFixture.CHECKOUT;
import static io.knactor.server.testing.RetailFixture.CHECKOUT_TOKEN;
import static io.knactor.server.testing.TestServers.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.exchange.ListRequest;
import io.knactor.core.json.DocumentLimits;
import io.knactor.core.model.StoreRef;
import io.knactor.sdk.http.AdminClient;
import io.knactor.sdk.http.HttpObjectExchange;
import io.knactor.server.KnactorServer;
import io.knactor.server.testing.RawHttp;
import io.knactor.server.testing.RawHttp.Answer;
import io.knactor.server.testing.RetailFixture;
import io.knactor.server.testing.TestServers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input gets a clear Status answer and changes nothing stored. */
class BadInputTest {
  static final String ORDERS = "/api/v1/stores/" + CHECKOUT + "/objects/Order";
  static final StoreRef SCRATCH = StoreRef.parse("Scratch/v1/Test/s");
  static final String SCRATCH_ITEMS = "/api/v1/stores/" + SCRATCH + "/objects/Item";

  @TempDir Path dir;
  KnactorServer server;
  RawHttp http;
  HttpObjectExchange admin;
  String before;

  @BeforeEach
  void start() {
    server = TestServers.start(dir);
    RetailFixture.apply(server);
    http = new RawHttp(server.uri());
    admin = new HttpObjectExchange(server.uri(), ADMIN_TOKEN);
    assertThat(
            http.post(
                    ORDERS,
                    CHECKOUT_TOKEN,
                    "{\"metadata\":{\"name\":\"o-1\"},\"data\":{\"cost\":1}}")
                .status())
        .isEqualTo(201);
    assertThat(
            http.post(
                    SCRATCH_ITEMS,
                    ADMIN_TOKEN,
                    "{\"metadata\":{\"name\":\"i-1\"},\"data\":{\"a\":1}}")
                .status())
        .isEqualTo(201);
    before = snapshot();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Everything a bad request could have changed: objects, versions and the registry. */
  private String snapshot() {
    AdminClient registry = new AdminClient(server.uri(), ADMIN_TOKEN);
    return admin.currentVersion()
        + " "
        + admin.list(ListRequest.all(CHECKOUT)).items()
        + " "
        + admin.list(ListRequest.all(SCRATCH)).items()
        + " "
        + registry.schemas()
        + registry.knactors()
        + registry.principals()
        + registry.grants();
  }

  private void assertStatus(Answer answer, int code, String reason) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(code);
    assertThat(answer.contentType()).isEqualTo("application/json");
    ObjectNode status = answer.json();
    assertThat(status.get("kind").asText()).isEqualTo("Status");
    assertThat(status.get("code").asInt()).isEqualTo(code);
    assertThat(status.get("reason").asText()).isEqualTo(reason);
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void malformedJsonNamesLineAndColumn() {
    Answer answer =
        http.post(
            ORDERS,
            CHECKOUT_TOKEN,
            "{\"metadata\":{\"name\":\"o-2\"},\n \"data\": {\"cost\": 1,,}}");

    assertStatus(answer, 400, "BadRequest");
    assertThat(answer.json().get("message").asText())
        .startsWith("malformed JSON in request body at line 2, column 21: ");
  }

  @Test
  void bodyThatIsNotAnObjectIsRefused() {
    Answer answer = http.post(ORDERS, CHECKOUT_TOKEN, "[1,2]");

    assertStatus(answer, 400, "BadRequest");
    assertThat(answer.json().get("message").asText())
        .isEqualTo("request body must be a JSON object, got ARRAY");
  }

  @Test
  void missingMembersAreNamed() {
    Answer noData = http.post(ORDERS, CHECKOUT_TOKEN, "{\"metadata\":{\"name\":\"o-2\"}}");
    Answer noName = http.post(ORDERS, CHECKOUT_TOKEN, "{\"metadata\":{},\"data\":{}}");

    assertStatus(noData, 400, "BadRequest");
    assertThat(noData.json().get("message").asText()).isEqualTo("data is required");
    assertThat(noData.json().get("field").asText()).isEqualTo("data");
    assertStatus(noName, 400, "BadRequest");
    assertThat(noName.json().get("field").asText()).isEqualTo("metadata.name");
  }

  @Test
  void malformedYamlNamesDocumentLineAndColumn() {
    String yaml =
        """
        kind: Principal
        name: bob
        role: viewer
        ---
        kind: Principal
        name: carol: bad
        """;
    Answer answer = http.send("POST", "/api/v1/apply", ADMIN_TOKEN, yaml, "application/yaml");

    assertStatus(answer, 400, "BadRequest");
    assertThat(answer.json().get("message").asText())
        .isEqualTo(
            "malformed YAML in document 2 at line 6, column 12: mapping values are not allowed"
                + " here");
  }

  @Test
  void applyThatDoesNotCheckNamesEveryProblemAndStoresNothing() {
    String yaml =
        """
        kind: Principal
        name: bob
        role: viewer
        ---
        kind: Grant
        principal: bob
        store: OnlineRetail/v1/Checkout/knactor-checkout
        objectKind: Order
        fields: [cost, nope]
        verbs: [write]
        ---
        schema: OnlineRetail/v1/Checkout/Refund
        amount: nummber
        """;
    Answer answer = http.send("POST", "/api/v1/apply", ADMIN_TOKEN, yaml, "application/yaml");

    assertStatus(answer, 422, "Invalid");
    assertThat(answer.json().get("message").asText())
        .isEqualTo(
            """
            apply refused, nothing was stored:
              document 3, line 13: unknown type 'nummber' for field 'amount' (expected string,\
             number, integer, boolean, object, array, array<T> or any)""");
  }

  @Test
  void crossReferenceProblemsNameDocumentAndLine() {
    String yaml =
        """
        kind: Principal
        name: bob
        role: viewer
        ---
        kind: Grant
        principal: bob
        store: OnlineRetail/v1/Checkout/knactor-checkout
        objectKind: Order
        fields: [cost, nope]
        verbs: [write]
        """;
    Answer answer = http.send("POST", "/api/v1/apply", ADMIN_TOKEN, yaml, "application/yaml");

    assertStatus(answer, 422, "Invalid");
    assertThat(answer.json().get("message").asText())
        .isEqualTo(
            """
            apply refused, nothing was stored:
              document 2, line 6: principal 'bob' (viewer) cannot hold grants: grants are for the\
             role integrator
              document 2, line 9: unknown field 'nope' in schema OnlineRetail/v1/Checkout/Order""");
  }

  @Test
  void schemaViolationNamesTheField() {
    Answer answer =
        http.post(
            ORDERS, CHECKOUT_TOKEN, "{\"metadata\":{\"name\":\"o-2\"},\"data\":{\"cost\":\"x\"}}");

    assertStatus(answer, 400, "BadRequest");
    assertThat(answer.json().get("field").asText()).isEqualTo("cost");
    assertThat(answer.json().get("message").asText())
        .isEqualTo(
            "does not match schema OnlineRetail/v1/Checkout/Order: field 'cost' must be number,"
                + " got string");
  }

  @Test
  void unknownStoreKindAndRouteAreNotFound() {
    Answer store = http.get("/api/v1/stores/Nope/v1/Nope/nope/objects", CHECKOUT_TOKEN);
    Answer kind =
        http.post(
            "/api/v1/stores/" + CHECKOUT + "/objects/Invoice",
            CHECKOUT_TOKEN,
            "{\"metadata\":{\"name\":\"i\"},\"data\":{}}");
    Answer route = http.get("/api/v1/nothing", ADMIN_TOKEN);
    Answer object = http.get(ORDERS + "/o-404", CHECKOUT_TOKEN);

    assertStatus(store, 404, "NotFound");
    assertThat(store.json().get("message").asText()).isEqualTo("unknown store 'Nope/v1/Nope/nope'");
    assertStatus(kind, 404, "NotFound");
    assertThat(kind.json().get("field").asText()).isEqualTo("kind");
    assertStatus(route, 404, "NotFound");
    assertThat(route.json().get("message").asText()).isEqualTo("no route for GET /api/v1/nothing");
    assertStatus(object, 404, "NotFound");
    assertThat(object.json().get("message").asText())
        .isEqualTo("object OnlineRetail/v1/Checkout/knactor-checkout/Order/o-404 not found");
  }

  @Test
  void wrongMethodIsNotAllowed() {
    Answer answer = http.send("DELETE", "/api/v1/version", ADMIN_TOKEN, null, null);

    assertStatus(answer, 405, "MethodNotAllowed");
    assertThat(answer.json().get("message").asText())
        .isEqualTo("DELETE is not allowed on /api/v1/version (allowed: GET)");
  }

  @Test
  void staleResourceVersionConflicts() {
    Answer stale =
        http.put(
            ORDERS + "/o-1",
            CHECKOUT_TOKEN,
            "{\"metadata\":{\"resourceVersion\":\"1\"},\"data\":{\"cost\":2}}");

    assertStatus(stale, 409, "Conflict");
  }

  @Test
  void bodyOverTheLimitIsTooLarge() {
    String big = "x".repeat(ObjectRoutes.OBJECT_BODY_LIMIT);
    Answer answer =
        http.post(
            SCRATCH_ITEMS,
            ADMIN_TOKEN,
            "{\"metadata\":{\"name\":\"big\"},\"data\":{\"s\":\"" + big + "\"}}");

    assertStatus(answer, 413, "RequestEntityTooLarge");
    assertThat(answer.json().get("message").asText())
        .startsWith("request body is ")
        .endsWith("the limit is " + ObjectRoutes.OBJECT_BODY_LIMIT + " bytes");
  }

  @Test
  void documentOverTheSizeLimitIsRefused() {
    String big = "x".repeat(DocumentLimits.MAX_BYTES);
    Answer answer =
        http.post(
            SCRATCH_ITEMS,
            ADMIN_TOKEN,
            "{\"metadata\":{\"name\":\"big\"},\"data\":{\"s\":\"" + big + "\"}}");

    assertStatus(answer, 400, "BadRequest");
    assertThat(answer.json().get("message").asText())
        .contains("limit is " + DocumentLimits.MAX_BYTES);
  }

  @Test
  void deeplyNestedDocumentsAreRefused() {
    String deep = "{\"a\":".repeat(33) + "1" + "}".repeat(33);
    String deeper = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);

    Answer overDepth =
        http.post(
            SCRATCH_ITEMS, ADMIN_TOKEN, "{\"metadata\":{\"name\":\"d\"},\"data\":" + deep + "}");
    Answer overParser =
        http.post(
            SCRATCH_ITEMS, ADMIN_TOKEN, "{\"metadata\":{\"name\":\"d\"},\"data\":" + deeper + "}");

    assertStatus(overDepth, 400, "BadRequest");
    assertThat(overDepth.json().get("message").asText()).contains("deeper than 32 levels");
    assertStatus(overParser, 400, "BadRequest");
    assertThat(overParser.json().get("message").asText()).contains("nesting depth");
  }

  @Test
  void invalidNamesAreRefusedNamingTheRule() {
    Answer store = http.get("/api/v1/stores/Bad_App/v1/T/i/objects", ADMIN_TOKEN);
    Answer kind = http.get("/api/v1/stores/" + SCRATCH + "/objects/9kind", ADMIN_TOKEN);
    Answer name =
        http.post(SCRATCH_ITEMS, ADMIN_TOKEN, "{\"metadata\":{\"name\":\"-bad\"},\"data\":{}}");

    assertStatus(store, 400, "BadRequest");
    assertThat(store.json().get("message").asText())
        .isEqualTo("invalid app 'Bad_App': must match [A-Za-z][A-Za-z0-9-]{0,62}");
    assertStatus(kind, 400, "BadRequest");
    assertThat(kind.json().get("field").asText()).isEqualTo("kind");
    assertStatus(name, 400, "BadRequest");
    assertThat(name.json().get("field").asText()).isEqualTo("metadata.name");
  }

  @Test
  void batchIsCheckedWholeAndStoresNothingOnError() {
    String batch =
        """
        {"writes":[
          {"op":"CREATE","store":"Scratch/v1/Test/s","kind":"Item","name":"i-2","data":{}},
          {"op":"SMASH","store":"Scratch/v1/Test/s","kind":"Item","name":"i-3","data":{}}]}
        """;
    String conflicting =
        """
        {"writes":[
          {"op":"CREATE","store":"Scratch/v1/Test/s","kind":"Item","name":"i-2","data":{}},
          {"op":"CREATE","store":"Scratch/v1/Test/s","kind":"Item","name":"i-1","data":{}}]}
        """;

    Answer badOp = http.post("/api/v1/batch", ADMIN_TOKEN, batch);
    Answer conflict = http.post("/api/v1/batch", ADMIN_TOKEN, conflicting);

    assertStatus(badOp, 400, "BadRequest");
    assertThat(badOp.json().get("field").asText()).isEqualTo("writes[1].op");
    assertThat(badOp.json().get("message").asText())
        .isEqualTo(
            "writes[1].op must be one of [CREATE, REPLACE, UPSERT, PATCH, PATCH_OR_CREATE, DELETE],"
                + " got 'SMASH'");
    assertStatus(conflict, 409, "Conflict");
  }

  @Test
  void patchNeedsAMergePatchContentType() {
    Answer answer =
        http.send(
            "PATCH",
            ORDERS + "/o-1",
            CHECKOUT_TOKEN,
            "[{\"op\":\"add\"}]",
            "application/json-patch+json");

    assertStatus(answer, 400, "BadRequest");
    assertThat(answer.json().get("field").asText()).isEqualTo("Content-Type");
  }

  @Test
  void malformedResourceVersionIsRefused() {
    Answer answer =
        http.send("DELETE", ORDERS + "/o-1?resourceVersion=abc", CHECKOUT_TOKEN, null, null);

    assertStatus(answer, 400, "BadRequest");
    assertThat(answer.json().get("message").asText())
        .isEqualTo("resourceVersion must be a non-negative decimal integer, got 'abc'");
  }

  @Test
  void bodyMembersThatContradictTheUrlAreRefused() {
    List<Answer> answers =
        List.of(
            http.put(ORDERS + "/o-1", CHECKOUT_TOKEN, "{\"kind\":\"Refund\",\"data\":{}}"),
            http.put(
                ORDERS + "/o-1", CHECKOUT_TOKEN, "{\"metadata\":{\"name\":\"o-9\"},\"data\":{}}"),
            http.put(
                ORDERS + "/o-1", CHECKOUT_TOKEN, "{\"metadata\":{\"owner\":\"me\"},\"data\":{}}"));

    assertThat(answers).allSatisfy(a -> assertStatus(a, 400, "BadRequest"));
    assertThat(answers)
        .extracting(a -> a.json().get("field").asText())
        .containsExactly("kind", "metadata.name", "metadata.owner");
  }
}
