package io.knactor.server.registry;

import static io.knactor.server.testing.TestServers.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.SpecException;
import io.knactor.core.model.SchemaRef;
import io.knactor.core.model.StoreRef;
import io.knactor.sdk.http.AdminClient;
import io.knactor.sdk.http.ApplyResult;
import io.knactor.sdk.http.GrantInfo;
import io.knactor.sdk.http.HttpObjectExchange;
import io.knactor.sdk.http.KnactorInfo;
import io.knactor.sdk.http.PrincipalInfo;
import io.knactor.sdk.http.SchemaInfo;
import io.knactor.server.KnactorServer;
import io.knactor.server.testing.RawHttp;
import io.knactor.server.testing.RetailFixture;
import io.knactor.server.testing.TestServers;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplyTest {
  @TempDir Path dir;
  KnactorServer server;
  AdminClient admin;

  @BeforeEach
  void start() {
    server = TestServers.start(dir);
    admin = new AdminClient(server.uri(), ADMIN_TOKEN);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void applyReportsWhatEachDocumentDid() {
    ApplyResult first = admin.apply(RetailFixture.YAML);
    ApplyResult again = admin.apply(RetailFixture.YAML);
    ApplyResult changed =
        admin.apply(
            """
            kind: Grant
            principal: retail-cast
            store: OnlineRetail/v1/Checkout/knactor-checkout
            objectKind: Order
            fields: ["*"]
            verbs: [read]
            """);

    assertThat(first.items()).extracting(ApplyResult.Item::action).containsOnly("created");
    assertThat(first.items())
        .extracting(ApplyResult.Item::kind, ApplyResult.Item::name)
        .startsWith(
            org.assertj.core.groups.Tuple.tuple("Schema", "OnlineRetail/v1/Checkout/Order"),
            org.assertj.core.groups.Tuple.tuple("Schema", "OnlineRetail/v1/Shipping/Shipment"),
            org.assertj.core.groups.Tuple.tuple("Principal", "checkout"));
    assertThat(again.items()).extracting(ApplyResult.Item::action).containsOnly("unchanged");
    assertThat(changed.items())
        .containsExactly(
            new ApplyResult.Item(
                "Grant",
                "retail-cast:OnlineRetail/v1/Checkout/knactor-checkout/Order",
                "configured",
                null));
  }

  @Test
  void principalWithoutTokenGetsOneGeneratedAndShownOnce() {
    ApplyResult created = admin.apply("kind: Principal\nname: bob\nrole: viewer\n");
    ApplyResult again = admin.apply("kind: Principal\nname: bob\nrole: viewer\n");

    String token = created.items().get(0).token();
    assertThat(token).startsWith("kn_").hasSize(46);
    assertThat(again.items().get(0).token()).isNull();
    assertThat(again.items().get(0).action()).isEqualTo("unchanged");
    assertThat(new AdminClient(server.uri(), token).schemas()).isEmpty();
  }

  @Test
  void registryListingsShowRegistrationsButNeverTokens() {
    admin.apply(RetailFixture.YAML);

    assertThat(admin.principals())
        .containsExactly(
            new PrincipalInfo("alice", "viewer"),
            new PrincipalInfo("checkout", "knactor"),
            new PrincipalInfo("retail-cast", "integrator"),
            new PrincipalInfo("shipping", "knactor"));
    assertThat(admin.knactors())
        .containsExactly(
            new KnactorInfo("OnlineRetail/v1/Checkout/knactor-checkout", "checkout"),
            new KnactorInfo("OnlineRetail/v1/Shipping/knactor-shipping", "shipping"));
    assertThat(admin.grants())
        .containsExactly(
            new GrantInfo(
                "retail-cast",
                "OnlineRetail/v1/Checkout/knactor-checkout",
                "Order",
                List.of("shippingCost"),
                List.of("read", "write")));
    RawHttp.Answer raw = new RawHttp(server.uri()).get("/api/v1/principals", ADMIN_TOKEN);
    assertThat(raw.body()).doesNotContain("token").doesNotContain("sha256");
  }

  @Test
  void schemaIsShownWithSourceAndFields() {
    admin.apply(RetailFixture.YAML);

    SchemaInfo schema = admin.schema(SchemaRef.parse("OnlineRetail/v1/Checkout/Order"));

    assertThat(schema.source()).startsWith("schema: OnlineRetail/v1/Checkout/Order\nitems: array");
    assertThat(schema.fields())
        .extracting(
            SchemaInfo.FieldInfo::name, SchemaInfo.FieldInfo::type, SchemaInfo.FieldInfo::external)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("items", "array", false),
            org.assertj.core.groups.Tuple.tuple("cost", "number", false),
            org.assertj.core.groups.Tuple.tuple("currency", "string", false),
            org.assertj.core.groups.Tuple.tuple("shippingCost", "number", true));
    assertThat(schema.fields().get(0).fields())
        .extracting(SchemaInfo.FieldInfo::name)
        .containsExactly("name", "quantity");
    assertThatThrownBy(() -> admin.schema(SchemaRef.parse("OnlineRetail/v1/Checkout/Nope")))
        .isInstanceOf(io.knactor.core.error.NotFoundException.class)
        .hasMessage("no schema OnlineRetail/v1/Checkout/Nope is registered");
  }

  @Test
  void schemaChangeThatDropsAGrantedFieldIsRefused() {
    admin.apply(RetailFixture.YAML);

    assertThatThrownBy(
            () ->
                admin.apply(
                    """
                    # the checkout schema, without shippingCost
                    schema: OnlineRetail/v1/Checkout/Order
                    cost: number
                    """))
        .isInstanceOf(SpecException.class)
        .hasMessage(
            "apply refused, nothing was stored:\n"
                + "  document 1, line 2: schema OnlineRetail/v1/Checkout/Order no longer declares"
                + " field 'shippingCost' granted to 'retail-cast' on"
                + " OnlineRetail/v1/Checkout/knactor-checkout");
  }

  @Test
  void rolesStayConsistentWithRegistrations() {
    admin.apply(RetailFixture.YAML);

    assertThatThrownBy(() -> admin.apply("kind: Principal\nname: checkout\nrole: viewer\n"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(
            "document 1, line 3: principal 'checkout' runs knactor"
                + " OnlineRetail/v1/Checkout/knactor-checkout and must keep the role knactor");
    assertThatThrownBy(
            () ->
                admin.apply(
                    "kind: Knactor\nname: OnlineRetail/v1/Payment/p\nprincipal: retail-cast\n"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(
            "document 1, line 3: principal 'retail-cast' (integrator) cannot run a knactor: it"
                + " needs the role knactor");
  }

  @Test
  void reservedAndDuplicateNamesAreRefused() {
    assertThatThrownBy(
            () ->
                admin.apply(
                    "kind: Principal\nname: admin\nrole: admin\ntoken: t0123456789abcdef\n"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("the name 'admin' is reserved");
    assertThatThrownBy(
            () ->
                admin.apply(
                    "kind: Principal\nname: bob\nrole: viewer\n---\n"
                        + "kind: Principal\nname: bob\nrole: admin\n"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("document 2, line 5: Principal 'bob' appears twice in this request");
    assertThatThrownBy(
            () ->
                admin.apply(
                    "kind: Principal\nname: eve\nrole: viewer\ntoken: " + ADMIN_TOKEN + "\n"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("document 1, line 4: this token is the server's admin token");
    assertThat(admin.principals()).isEmpty();
  }

  @Test
  void registrySurvivesARestartAndStaysInvisibleToNonAdmins() {
    ApplyResult applied =
        admin.apply(RetailFixture.YAML + "---\nkind: Principal\nname: bob\nrole: viewer\n");
    String bobToken = applied.items().get(applied.items().size() - 1).token();
    server.close();

    server = TestServers.start(dir);
    admin = new AdminClient(server.uri(), ADMIN_TOKEN);

    assertThat(admin.schemas()).hasSize(2);
    assertThat(admin.grants()).hasSize(1);
    assertThat(new AdminClient(server.uri(), bobToken).knactors()).hasSize(2);
    assertThat(
            new HttpObjectExchange(server.uri(), RetailFixture.CHECKOUT_TOKEN)
                .list(io.knactor.core.exchange.ListRequest.all(RetailFixture.CHECKOUT))
                .items())
        .isEmpty();
    assertThat(admin.apply(RetailFixture.YAML).items())
        .extracting(ApplyResult.Item::action)
        .containsOnly("unchanged");
  }

  @Test
  void programmaticRegistrationUsesTheSameChecks() {
    server.admin().registerSchema("schema: Home/v1/House/Config # +kr: singleton\nmode: string\n");
    String token = server.admin().createPrincipal("house", Role.KNACTOR);
    server.admin().registerKnactor(StoreRef.parse("Home/v1/House/h1"), "house");

    assertThat(new HttpObjectExchange(server.uri(), token).currentVersion()).isPositive();
    assertThat(server.admin().schemas()).extracting(SchemaInfo::singleton).containsExactly(true);
    assertThatThrownBy(
            () ->
                server
                    .admin()
                    .grant(
                        "house",
                        StoreRef.parse("Home/v1/House/h1"),
                        "Config",
                        List.of("mode"),
                        Set.of(Verb.WRITE)))
        .isInstanceOf(SpecException.class)
        .hasMessage(
            "apply refused, nothing was stored:\n"
                + "  document 1: principal 'house' (knactor) cannot hold grants: grants are for"
                + " the role integrator");
  }
}
