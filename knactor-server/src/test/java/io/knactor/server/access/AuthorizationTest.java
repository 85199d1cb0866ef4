package io.knactor.server.access;

import static io.knactor.server.testing.RetailFixture.CHECKOUT;
import static io.knactor.server.testing.RetailFixture.CHECKOUT_TOKEN;
import static io.knactor.server.testing.RetailFixture.INTEGRATOR_TOKEN;
import static io.knactor.server.testing.RetailFixture.SHIPPING;
import static io.knactor.server.testing.RetailFixture.VIEWER_TOKEN;
import static io.knactor.server.testing.RetailFixture.order;
import static io.knactor.server.testing.RetailFixture.shipment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.ConflictException;
import io.knactor.core.error.ForbiddenException;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.KnactorException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.error.UnauthorizedException;
import io.knactor.core.exchange.ListRequest;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.sdk.http.AdminClient;
import io.knactor.sdk.http.HttpObjectExchange;
import io.knactor.server.KnactorServer;
import io.knactor.server.registry.Registry;
import io.knactor.server.testing.RawHttp;
import io.knactor.server.testing.RetailFixture;
import io.knactor.server.testing.TestServers;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthorizationTest {
  @TempDir Path dir;
  KnactorServer server;
  HttpObjectExchange admin;
  HttpObjectExchange checkout;
  HttpObjectExchange integrator;
  HttpObjectExchange viewer;

  @BeforeEach
  void start() {
    server = TestServers.start(dir);
    RetailFixture.apply(server);
    admin = new HttpObjectExchange(server.uri(), TestServers.ADMIN_TOKEN);
    checkout = new HttpObjectExchange(server.uri(), CHECKOUT_TOKEN);
    integrator = new HttpObjectExchange(server.uri(), INTEGRATOR_TOKEN);
    viewer = new HttpObjectExchange(server.uri(), VIEWER_TOKEN);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static ObjectNode json(String text) {
    return Json.parseObject(text, "test");
  }

  @Test
  void knactorWritesAndReadsItsOwnStore() {
    checkout.commit("ignored", Write.create(order("o-1"), json("{\"cost\":12.5}")));

    assertThat(checkout.get(order("o-1")))
        .get()
        .satisfies(o -> assertThat(o.data().get("cost").asDouble()).isEqualTo(12.5));
    assertThat(checkout.list(ListRequest.all(CHECKOUT)).items()).hasSize(1);
  }

  @Test
  void knactorCannotReachAnotherKnactorsStore() {
    assertThatThrownBy(() -> checkout.get(shipment("s-1")))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage(
            "knactor 'checkout' may not access store 'OnlineRetail/v1/Shipping/knactor-shipping':"
                + " a knactor reaches only its own store")
        .extracting(e -> ((KnactorException) e).field())
        .isEqualTo("store");
    assertThatThrownBy(
            () -> checkout.commit("x", Write.create(shipment("s-1"), json("{\"price\":1}"))))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> checkout.watch(WatchRequest.of(SHIPPING, null, 0)))
        .isInstanceOf(ForbiddenException.class);
    assertThat(admin.get(shipment("s-1"))).isEmpty();
  }

  @Test
  void knactorCannotSetExternalField() {
    assertThatThrownBy(
            () ->
                checkout.commit(
                    "x", Write.create(order("o-1"), json("{\"cost\":1,\"shippingCost\":3}"))))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage(
            "knactor 'checkout' may not change external field 'shippingCost' of"
                + " OnlineRetail/v1/Checkout/Order: external fields are filled by integrators")
        .extracting(e -> ((KnactorException) e).field())
        .isEqualTo("shippingCost");
    assertThat(admin.get(order("o-1"))).isEmpty();
  }

  @Test
  void creatingAnObjectThatExistsIsRefusedAsSuchAndChangesNothing() {
    checkout.commit("x", Write.create(order("o-1"), json("{\"cost\":1}")));

    // The check of a CREATE reads nothing; the exchange's refusal makes it read and say why.
    assertThatThrownBy(() -> checkout.commit("x", Write.create(order("o-1"), json("{\"cost\":2}"))))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("already exists");
    assertThat(admin.get(order("o-1")).orElseThrow().data()).isEqualTo(json("{\"cost\":1}"));
  }

  @Test
  void knactorCannotChangeExternalFieldAnIntegratorFilled() {
    checkout.commit("x", Write.create(order("o-1"), json("{\"cost\":1}")));
    integrator.commit("x", Write.patch(order("o-1"), 0, json("{\"shippingCost\":3}")));

    assertThatThrownBy(
            () ->
                checkout.commit("x", Write.patch(order("o-1"), 0, json("{\"shippingCost\":null}"))))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("external field 'shippingCost'");
    assertThatThrownBy(
            () -> checkout.commit("x", Write.replace(order("o-1"), 0, json("{\"cost\":2}"))))
        .isInstanceOf(ForbiddenException.class);
    assertThat(admin.get(order("o-1")).orElseThrow().data())
        .isEqualTo(json("{\"cost\":1,\"shippingCost\":3}"));
  }

  @Test
  void writesPinnedToTheVersionJustCommittedAreCheckedAgainstIt() {
    long created =
        checkout.commit("x", Write.create(order("o-1"), json("{\"cost\":1}"))).resourceVersion();
    long filled =
        integrator
            .commit("x", Write.patch(order("o-1"), created, json("{\"shippingCost\":3}")))
            .resourceVersion();

    assertThatThrownBy(
            () ->
                checkout.commit(
                    "x", Write.patch(order("o-1"), filled, json("{\"shippingCost\":4}"))))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("external field 'shippingCost'");
    assertThatThrownBy(
            () -> checkout.commit("x", Write.patch(order("o-1"), created, json("{\"cost\":2}"))))
        .isInstanceOf(io.knactor.core.error.ConflictException.class);
    // In the server's JVM (where casts run) the conflict names the stale object.
    ObjectExchange inJvm = server.connect(CHECKOUT_TOKEN);
    assertThatThrownBy(
            () -> inJvm.commit("x", Write.patch(order("o-1"), created, json("{\"cost\":2}"))))
        .isInstanceOfSatisfying(
            io.knactor.core.error.ConflictException.class,
            e -> assertThat(e.object()).as("the stale object").contains(order("o-1")));
    checkout.commit("x", Write.patch(order("o-1"), filled, json("{\"cost\":2}")));
    assertThat(admin.get(order("o-1")).orElseThrow().data())
        .isEqualTo(json("{\"cost\":2,\"shippingCost\":3}"));
  }

  /**
   * Runs {@code test} with an exchange and a Checkout connection of a second server on it (with the
   * retail fixture): the test writes to the exchange beside that server.
   */
  private void besideAServer(java.util.function.BiConsumer<ObjectExchange, ObjectExchange> test) {
    ObjectExchange backend =
        io.knactor.core.exchange.ObjectExchanges.open(
            io.knactor.server.ServerConfig.embedded(dir.resolve("beside")));
    try (KnactorServer beside =
        KnactorServer.start(
            io.knactor.server.ServerConfig.builder()
                .dataDir(dir.resolve("beside-server"))
                .port(0)
                .adminToken(TestServers.ADMIN_TOKEN)
                .build(),
            backend)) {
      RetailFixture.apply(beside);
      test.accept(backend, beside.connect(CHECKOUT_TOKEN));
    }
  }

  @Test
  void aWritePinnedToAVersionThatACommitBesideTheServerReplacedConflicts() {
    besideAServer(
        (backend, knactor) -> {
          long created =
              knactor
                  .commit("x", Write.create(order("o-1"), json("{\"cost\":1}")))
                  .resourceVersion();
          // Written to the exchange under the server: no connection of the server saw this commit.
          backend.commit("admin", Write.upsert(order("o-1"), json("{\"cost\":7}")));

          assertThatThrownBy(
                  () ->
                      knactor.commit("x", Write.patch(order("o-1"), created, json("{\"cost\":2}"))))
              .isInstanceOf(io.knactor.core.error.ConflictException.class);
          assertThat(backend.get(order("o-1")).orElseThrow().data())
              .isEqualTo(json("{\"cost\":7}"));
        });
  }

  @Test
  void anUnpinnedWriteCheckedAgainstAStateACommitBesideTheServerReplacedIsCheckedAgain() {
    besideAServer(
        (backend, knactor) -> {
          knactor.commit("x", Write.create(order("o-1"), json("{\"cost\":1}")));
          // Beside the server: the state the server holds for o-1 lacks the external field.
          backend.commit(
              "admin", Write.upsert(order("o-1"), json("{\"cost\":1,\"shippingCost\":3}")));

          assertThatThrownBy(
                  () -> knactor.commit("x", Write.upsert(order("o-1"), json("{\"cost\":2}"))))
              .isInstanceOf(ForbiddenException.class)
              .hasMessageContaining("external field 'shippingCost'");
          knactor.commit("x", Write.patchOrCreate(order("o-1"), json("{\"cost\":2}")));
          assertThat(backend.get(order("o-1")).orElseThrow().data())
              .isEqualTo(json("{\"cost\":2,\"shippingCost\":3}"));
        });
  }

  @Test
  void knactorMayRewriteObjectKeepingExternalFieldAsItIs() {
    checkout.commit("x", Write.create(order("o-1"), json("{\"cost\":1}")));
    integrator.commit("x", Write.patch(order("o-1"), 0, json("{\"shippingCost\":3}")));

    checkout.commit("x", Write.replace(order("o-1"), 0, json("{\"cost\":2,\"shippingCost\":3}")));
    checkout.commit("x", Write.patch(order("o-1"), 0, json("{\"currency\":\"EUR\"}")));

    assertThat(checkout.get(order("o-1")).orElseThrow().data())
        .isEqualTo(json("{\"cost\":2,\"shippingCost\":3,\"currency\":\"EUR\"}"));
  }

  @Test
  void knactorMayDeleteObjectWithExternalFieldsSet() {
    checkout.commit("x", Write.create(order("o-1"), json("{\"cost\":1}")));
    integrator.commit("x", Write.patch(order("o-1"), 0, json("{\"shippingCost\":3}")));

    checkout.commit("x", Write.delete(order("o-1"), 0));

    assertThat(admin.get(order("o-1"))).isEmpty();
  }

  @Test
  void knactorWriteOfUndeclaredKindIsUnknownKind() {
    ObjectKey key = new ObjectKey(CHECKOUT, "Invoice", "i-1");

    assertThatThrownBy(() -> checkout.commit("x", Write.create(key, json("{}"))))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(
            "unknown kind 'Invoice' in store 'OnlineRetail/v1/Checkout/knactor-checkout': no"
                + " schema OnlineRetail/v1/Checkout/Invoice is registered");
    assertThat(admin.get(key)).isEmpty();
  }

  @Test
  void writesAreValidatedAgainstTheSchemaNamingTheField() {
    assertThatThrownBy(
            () -> checkout.commit("x", Write.create(order("o-1"), json("{\"cost\":\"high\"}"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "does not match schema OnlineRetail/v1/Checkout/Order: field 'cost' must be number,"
                + " got string")
        .extracting(e -> ((KnactorException) e).field())
        .isEqualTo("cost");
    assertThatThrownBy(
            () ->
                checkout.commit(
                    "x",
                    Write.create(
                        order("o-2"), json("{\"items\":[{\"name\":\"a\",\"quantity\":1.5}]}"))))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((KnactorException) e).field())
        .isEqualTo("items[0].quantity");
    assertThat(admin.list(ListRequest.all(CHECKOUT)).items()).isEmpty();
  }

  @Test
  void mergePatchResultIsValidated() {
    checkout.commit("x", Write.create(order("o-1"), json("{\"cost\":1}")));

    assertThatThrownBy(
            () -> checkout.commit("x", Write.patch(order("o-1"), 0, json("{\"extra\":true}"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unknown field 'extra'");
    assertThat(admin.get(order("o-1")).orElseThrow().data()).isEqualTo(json("{\"cost\":1}"));
  }

  @Test
  void integratorWritesItsGrantedField() {
    checkout.commit("x", Write.create(order("o-1"), json("{\"cost\":1}")));

    integrator.commit("x", Write.patch(order("o-1"), 0, json("{\"shippingCost\":4.5}")));

    assertThat(admin.get(order("o-1")).orElseThrow().data().get("shippingCost").asDouble())
        .isEqualTo(4.5);
    assertThat(admin.history(order("o-1")).get(1).principal()).isEqualTo("retail-cast");
  }

  @Test
  void integratorCannotWriteFieldsOutsideItsGrant() {
    checkout.commit("x", Write.create(order("o-1"), json("{\"cost\":1}")));

    assertThatThrownBy(
            () ->
                integrator.commit(
                    "x", Write.patch(order("o-1"), 0, json("{\"shippingCost\":4,\"cost\":0}"))))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage(
            "principal 'retail-cast' may not write field 'cost' of"
                + " OnlineRetail/v1/Checkout/knactor-checkout/Order/o-1: its grant covers only"
                + " shippingCost")
        .extracting(e -> ((KnactorException) e).field())
        .isEqualTo("cost");
    assertThatThrownBy(() -> integrator.commit("x", Write.delete(order("o-1"), 0)))
        .isInstanceOf(ForbiddenException.class);
    assertThat(admin.get(order("o-1")).orElseThrow().data()).isEqualTo(json("{\"cost\":1}"));
  }

  @Test
  void integratorReachesOnlyGrantedStoresAndKinds() {
    assertThatThrownBy(() -> integrator.get(shipment("s-1")))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage(
            "principal 'retail-cast' (integrator) has no grant on store"
                + " 'OnlineRetail/v1/Shipping/knactor-shipping'");
    assertThatThrownBy(() -> integrator.get(new ObjectKey(CHECKOUT, "Invoice", "i")))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage(
            "principal 'retail-cast' (integrator) has no read grant on kind 'Invoice' of store"
                + " 'OnlineRetail/v1/Checkout/knactor-checkout'");
  }

  @Test
  void viewerReadsSchemasButNeverStates() {
    checkout.commit("x", Write.create(order("o-1"), json("{\"cost\":1}")));
    AdminClient viewerAdmin = new AdminClient(server.uri(), VIEWER_TOKEN);

    assertThat(viewerAdmin.schemas())
        .extracting(s -> s.name())
        .containsExactly("OnlineRetail/v1/Checkout/Order", "OnlineRetail/v1/Shipping/Shipment");
    assertThat(viewerAdmin.knactors()).hasSize(2);
    assertThatThrownBy(() -> viewer.get(order("o-1")))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage(
            "principal 'alice' (viewer) may read schemas and registrations, never object states");
    assertThatThrownBy(() -> viewer.list(ListRequest.all(CHECKOUT)))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> viewerAdmin.apply(RetailFixture.YAML))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage(
            "principal 'alice' (viewer) may not apply registry documents: it needs the role admin");
  }

  @Test
  void knactorsCannotReadTheRegistry() {
    assertThatThrownBy(() -> new AdminClient(server.uri(), CHECKOUT_TOKEN).principals())
        .isInstanceOf(ForbiddenException.class)
        .hasMessage(
            "principal 'checkout' (knactor) may not read the registry: it needs the role admin or"
                + " viewer");
  }

  @Test
  void missingOrWrongTokenIsUnauthorized() {
    RawHttp http = new RawHttp(server.uri());

    RawHttp.Answer missing = http.get("/api/v1/stores/" + CHECKOUT + "/objects", null);
    RawHttp.Answer wrong =
        http.get("/api/v1/stores/" + CHECKOUT + "/objects", "nope-nope-nope-nope");

    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.json().get("message").asText())
        .isEqualTo("missing credentials: send the header 'Authorization: Bearer <token>'");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.json().get("reason").asText()).isEqualTo("Unauthorized");
    assertThatThrownBy(
            () -> new HttpObjectExchange(server.uri(), "nope-nope-nope-nope").currentVersion())
        .isInstanceOf(UnauthorizedException.class)
        .hasMessage("invalid token");
    assertThatThrownBy(() -> server.connect("nope-nope-nope-nope"))
        .isInstanceOf(UnauthorizedException.class)
        .hasMessage("invalid token");
  }

  @Test
  void historyRecordsTheAuthenticatedPrincipalNotTheClaimedOne() {
    checkout.commit(WriteBatch.of("admin", Write.create(order("o-1"), json("{\"cost\":1}"))));

    assertThat(admin.history(order("o-1")).get(0).principal()).isEqualTo("checkout");
  }

  @Test
  void adminMayActForANamedPrincipal() {
    admin.commit(WriteBatch.of("ops-bot", Write.create(order("o-1"), json("{\"cost\":1}"))));
    admin.commit(WriteBatch.of("admin", Write.patch(order("o-1"), 0, json("{\"cost\":2}"))));

    assertThat(admin.history(order("o-1")))
        .extracting(r -> r.principal())
        .containsExactly("ops-bot", "admin");
    assertThatThrownBy(() -> admin.commit(WriteBatch.of("Ops Bot", Write.delete(order("o-1"), 0))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("invalid principal 'Ops Bot': must match [a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  }

  @Test
  void unregisteredAndSystemStoresAreUnknownToNonAdmins() {
    StoreRef unregistered = StoreRef.parse("Other/v1/Thing/x");

    assertThatThrownBy(() -> checkout.list(ListRequest.all(unregistered)))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("unknown store 'Other/v1/Thing/x'");
    assertThatThrownBy(() -> integrator.list(ListRequest.all(Registry.SYSTEM_STORE)))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("unknown store 'Knactor/v1/System/registry'");
    assertThat(admin.list(ListRequest.all(Registry.SYSTEM_STORE)).items()).isNotEmpty();
    assertThatThrownBy(
            () ->
                admin.commit(
                    "x",
                    Write.upsert(
                        new ObjectKey(Registry.SYSTEM_STORE, "Principal", "evil"),
                        json("{\"role\":\"admin\"}"))))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage(
            "store 'Knactor/v1/System/registry' is reserved for the registry; change it through"
                + " POST /api/v1/apply");
  }

  @Test
  void inJvmConnectionAppliesTheSameChecks() {
    ObjectExchange connection = server.connect(CHECKOUT_TOKEN);

    assertThatThrownBy(
            () ->
                connection.commit(
                    "admin", Write.create(order("o-1"), json("{\"cost\":1,\"shippingCost\":3}"))))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("external field 'shippingCost'");
    assertThatThrownBy(() -> connection.get(shipment("s-1")))
        .isInstanceOf(ForbiddenException.class);
    connection.commit("admin", Write.create(order("o-1"), json("{\"cost\":1}")));
    assertThat(admin.history(order("o-1")).get(0).principal()).isEqualTo("checkout");
  }

  @Test
  void integratorWatchOfAllKindsSeesOnlyGrantedKinds() throws Exception {
    server
        .admin()
        .apply(
            """
        schema: OnlineRetail/v1/Checkout/Invoice
        total: number
        """);
    long from = admin.currentVersion();
    try (var watch =
        integrator.watch(new WatchRequest(java.util.Set.of(CHECKOUT), null, from, 100))) {
      checkout.commit(
          "x", Write.create(new ObjectKey(CHECKOUT, "Invoice", "i-1"), json("{\"total\":1}")));
      checkout.commit("x", Write.create(order("o-1"), json("{\"cost\":1}")));

      var event = watch.poll(java.time.Duration.ofSeconds(5));
      assertThat(event.object().key()).isEqualTo(order("o-1"));
    }
  }
}
