package io.knactor.cast.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import io.knactor.cast.Retail;
import io.knactor.cast.compile.CompiledCast;
import io.knactor.cast.compile.ResolvedKind;
import io.knactor.cast.compile.RuleResult;
import io.knactor.cast.spec.CastSpecParser;
import io.knactor.cast.spec.KindRef;
import io.knactor.core.error.SpecException;
import io.knactor.core.json.Json;
import io.knactor.core.schema.Schema;
import io.knactor.core.schema.SchemaParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden-style checker tests: each spec's full report is compared with the exact text a person
 * reads, {@code file:line:column: severity: field: message}, one issue per line in file order.
 */
class CastCheckerTest {
  /** A note with an open, external object; and a singleton of settings. */
  private static final Schema NOTE =
      SchemaParser.parse(
          """
          schema: OnlineRetail/v1/Checkout/Note
          body: string
          tags: object # +kr: external
          """);

  private static final Schema SETTINGS =
      SchemaParser.parse(
          """
          schema: OnlineRetail/v1/Checkout/Settings # +kr: singleton
          discount: number # +kr: external
          """);

  private static final CastChecker CHECKER =
      new CastChecker(
          SchemaCatalog.of(Retail.ORDER, Retail.SHIPMENT, Retail.PAYMENT_SCHEMA, NOTE, SETTINGS),
          Retail.FUNCTIONS);

  private static final String HEAD =
      """
      kind: Cast
      name: t
      input:
        C: OnlineRetail/v1/Checkout/knactor-checkout
        S: OnlineRetail/v1/Shipping/knactor-shipping
        P: OnlineRetail/v1/Payment/knactor-payment
      dxg:
      """;

  /** The errors of a spec made of {@link #HEAD} and {@code dxg}, which starts on line 8. */
  private static String report(String dxg) {
    return String.join("\n", check(dxg).errors().stream().map(Issue::toString).toList());
  }

  private static CheckResult check(String dxg) {
    return CHECKER.check(CastSpecParser.parse(HEAD + dxg, "t.yaml"));
  }

  @Test
  void figureSixChecksCleanAndCompiles() {
    CheckResult result = Retail.checker().check(CastSpecParser.parse(Retail.SPEC, "retail.yaml"));

    assertThat(result.issues()).isEmpty();
    CompiledCast cast = result.orThrow();
    assertThat(cast.name()).isEqualTo("retail");
    assertThat(cast.revision()).isEqualTo(1);
    assertThat(cast.kinds().values())
        .extracting(k -> k.ref() + "=" + k.schema().ref())
        .containsExactlyInAnyOrder(
            "C.order=OnlineRetail/v1/Checkout/Order",
            "S.shipment=OnlineRetail/v1/Shipping/Shipment",
            "P.payment=OnlineRetail/v1/Payment/Payment");
    assertThat(cast.rules()).hasSize(8);
    assertThat(cast.withRevision(4).revision()).isEqualTo(4);
  }

  @Test
  void unknownAliasIsReportedAtTheIdentifier() {
    assertThat(
            report(
                """
                  P.payment:
                    amount: Q.order.totalCost
                    currency: C.order.currency
                """))
        .isEqualTo("t.yaml:9:13: error: P.payment.amount: unknown alias 'Q' (inputs: C, P, S)");
  }

  @Test
  void unknownAliasAsTargetIsReportedAtTheTarget() {
    assertThat(
            report(
                """
                  C.order:
                    paymentID: P.payment.id
                    trackingID: S.shipment.id
                    shippingCost: 1.0
                  X.thing:
                    a: C.order.cost
                """))
        .isEqualTo("t.yaml:12:3: error: X.thing: unknown alias 'X' (inputs: C, P, S)");
  }

  @Test
  void storeWithoutSchemasIsReportedOnceAtItsInput() {
    String spec =
        """
        kind: Cast
        name: t
        input:
          C: OnlineRetail/v1/Checkout/knactor-checkout
          B: OnlineRetail/v1/Billing/knactor-billing
        dxg:
          C.order:
            paymentID: B.invoice.id
        """;

    assertThat(CHECKER.check(CastSpecParser.parse(spec, "t.yaml")).report())
        .isEqualTo(
            """
            t.yaml:5:3: error: input.B: no schemas are known for store \
            OnlineRetail/v1/Billing/knactor-billing; register its schemas first
            t.yaml:7:3: warning: C.order.shippingCost: external field C.order.shippingCost is \
            filled by no rule
            t.yaml:7:3: warning: C.order.trackingID: external field C.order.trackingID is filled \
            by no rule""");
  }

  @Test
  void unknownKindListsTheKindsTheStoreHas() {
    assertThat(
            report(
                """
                  P.payment:
                    amount: C.ordr.totalCost
                    currency: C.order.currency
                """))
        .isEqualTo(
            "t.yaml:9:13: error: P.payment.amount: unknown kind 'ordr' in C (store"
                + " OnlineRetail/v1/Checkout/knactor-checkout has Note, Order, Settings)");
  }

  @Test
  void kindsMatchSchemaKindsWithTheFirstLetterUpperCasedOrExactly() {
    CheckResult result =
        check(
            """
              P.payment:
                amount: C.Order.totalCost
                currency: C.order.currency
              S.shipment:
                addr: C.ORDER.address
            """);

    assertThat(result.errors())
        .extracting(Issue::toString)
        .containsExactly(
            "t.yaml:12:11: error: S.shipment.addr: unknown kind 'ORDER' in C (store"
                + " OnlineRetail/v1/Checkout/knactor-checkout has Note, Order, Settings)");
  }

  @Test
  void unknownFieldNamesTheNestedPathAtItsPlace() {
    assertThat(
            report(
                """
                  C.order:
                    paymentID: P.payment.id
                    trackingID: S.shipment.id
                    shippingCost: S.shipment.quote.prize
                """))
        .isEqualTo(
            "t.yaml:11:36: error: C.order.shippingCost: unknown field 'quote.prize' in"
                + " S.shipment (OnlineRetail/v1/Shipping/Shipment)");
  }

  @Test
  void unknownFieldOfThisNamesTheTarget() {
    assertThat(
            report(
                """
                  C.order:
                    paymentID: P.payment.id
                    trackingID: this.tracking
                    shippingCost: 1.0
                """))
        .isEqualTo(
            "t.yaml:10:22: error: C.order.trackingID: unknown field 'tracking' in this"
                + " (C.order, OnlineRetail/v1/Checkout/Order)");
  }

  @Test
  void unknownTargetFieldIsReportedAtItsKey() {
    assertThat(
            report(
                """
                  P.payment:
                    amount: C.order.totalCost
                    currency: C.order.currency
                    fee: 1.0
                """))
        .isEqualTo(
            "t.yaml:11:5: error: P.payment.fee: unknown field 'fee' in P.payment"
                + " (OnlineRetail/v1/Payment/Payment)");
  }

  @Test
  void castRefusesWriteToNonExternalField() {
    assertThat(
            report(
                """
                  P.payment:
                    amount: C.order.totalCost
                    currency: C.order.currency
                    id: C.order.paymentID
                """))
        .isEqualTo(
            "t.yaml:11:5: error: P.payment.id: P.payment.id is not marked '+kr: external' in"
                + " OnlineRetail/v1/Payment/Payment; a cast may only write external fields");
  }

  @Test
  void fieldsInsideAnExternalOpenObjectMayBeWrittenButNotTwice() {
    assertThat(
            report(
                """
                  C.note:
                    tags: '{"k": C.order.currency}'
                    tags.source: '"checkout"'
                """))
        .isEqualTo(
            "t.yaml:10:5: error: C.note.tags.source: C.note.tags.source overlaps C.note.tags,"
                + " which another rule fills");
  }

  @Test
  void anAliasMustBeFollowedByAKind() {
    assertThat(
            report(
                """
                  P.payment:
                    amount: C
                    currency: C._order.currency
                """))
        .isEqualTo(
            """
            t.yaml:9:13: error: P.payment.amount: alias 'C' names a store, not an object: write \
            C.<kind>.<field>
            t.yaml:10:17: error: P.payment.currency: invalid kind '_order' in C""");
  }

  @Test
  void syntaxErrorIsReportedWhereTheParserStopped() {
    assertThat(
            report(
                """
                  P.payment:
                    amount: C.order.totalCost *
                    currency: C.order.currency
                """))
        .isEqualTo(
            "t.yaml:9:32: error: P.payment.amount: syntax error: mismatched input '<EOF>'"
                + " expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT,"
                + " NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}");
  }

  @Test
  void typeErrorNamesTheOperatorAndItsOperands() {
    assertThat(
            report(
                """
                  P.payment:
                    amount: C.order.totalCost
                    currency: C.order.currency + 1
                """))
        .isEqualTo(
            "t.yaml:10:32: error: P.payment.currency: type error: found no matching overload for"
                + " '_+_' applied to '(string, int)' (candidates: (int, int),(uint, uint),"
                + "(double, double),(string, string),(bytes, bytes),(list(%A0), list(%A0)),"
                + "(google.protobuf.Timestamp, google.protobuf.Duration),"
                + "(google.protobuf.Duration, google.protobuf.Timestamp),"
                + "(google.protobuf.Duration, google.protobuf.Duration))");
  }

  @Test
  void typeErrorInsideAComprehension() {
    assertThat(
            report(
                """
                  S.shipment:
                    items: C.order.items.map(i, i.title)
                    addr: C.order.address
                    method: '"ground"'
                """))
        .isEqualTo("t.yaml:9:34: error: S.shipment.items: type error: undefined field 'title'");
  }

  @Test
  void resultMustFitTheTargetFieldType() {
    assertThat(
            report(
                """
                  S.shipment:
                    items: C.order.items.map(i, i.quantity)
                    addr: C.order.cost
                    method: '"ground"'
                """))
        .isEqualTo(
            """
            t.yaml:9:12: error: S.shipment.items: S.shipment.items is array<string> but the \
            expression yields list(int)
            t.yaml:10:11: error: S.shipment.addr: S.shipment.addr is string but the expression \
            yields double""");
  }

  @Test
  void unknownFunctionIsReportedAtItsName() {
    assertThat(
            report(
                """
                  C.order:
                    paymentID: P.payment.id
                    trackingID: S.shipment.id
                    shippingCost: currency_convrt(S.shipment.quote.price, "USD", "EUR")
                """))
        .isEqualTo(
            "t.yaml:11:19: error: C.order.shippingCost: unknown function 'currency_convrt'"
                + " (registered: currency_convert)");
  }

  @Test
  void registeredFunctionIsTypeChecked() {
    assertThat(
            report(
                """
                  C.order:
                    paymentID: P.payment.id
                    trackingID: S.shipment.id
                    shippingCost: currency_convert(S.shipment.quote.currency, "USD", "EUR")
                """))
        .isEqualTo(
            "t.yaml:11:35: error: C.order.shippingCost: type error: found no matching overload"
                + " for 'currency_convert' applied to '(string, string, string)' (candidates:"
                + " (double, string, string))");
  }

  @Test
  void cycleIsReportedWithItsPath() {
    assertThat(
            check(
                    """
                      S.shipment:
                        method: 'C.order.paymentID == "" ? "air" : "ground"'
                      C.order:
                        paymentID: S.shipment.method
                    """)
                .errors())
        .extracting(Issue::toString)
        .containsExactly(
            "t.yaml:9:5: error: S.shipment.method: cycle: S.shipment.method -> C.order.paymentID"
                + " -> S.shipment.method");
  }

  @Test
  void cycleThroughANonExternalTargetIsReportedToo() {
    assertThat(
            check(
                    """
                      S.shipment:
                        method: 'C.order.cost > 1000.0 ? "air" : "ground"'
                      C.order:
                        cost: 'S.shipment.method == "air" ? 1.0 : 2.0'
                    """)
                .errors())
        .extracting(Issue::toString)
        .containsExactly(
            "t.yaml:9:5: error: S.shipment.method: cycle: S.shipment.method -> C.order.cost ->"
                + " S.shipment.method",
            "t.yaml:11:5: error: C.order.cost: C.order.cost is not marked '+kr: external' in"
                + " OnlineRetail/v1/Checkout/Order; a cast may only write external fields");
  }

  @Test
  void ruleReadingItsOwnTargetIsACycle() {
    assertThat(
            check(
                    """
                      C.order:
                        paymentID: P.payment.id
                        trackingID: this.trackingID + S.shipment.id
                        shippingCost: 1.0
                    """)
                .errors())
        .extracting(Issue::toString)
        .containsExactly(
            "t.yaml:10:5: error: C.order.trackingID: cycle: C.order.trackingID ->"
                + " C.order.trackingID");
  }

  @Test
  void singletonMayNotBeFilledFromAKindWithManyObjects() {
    assertThat(
            report(
                """
                  C.settings:
                    discount: C.order.cost
                """))
        .isEqualTo(
            "t.yaml:9:5: error: C.settings.discount: C.settings.discount fills a singleton but"
                + " reads C.order, which has one object per key; a singleton may only read"
                + " singletons");
  }

  @Test
  void celStringExtensionsAreAvailable() {
    CheckResult result =
        check(
            """
              S.shipment:
                addr: C.order.address.upperAscii()
                method: '["air", "ground"].join("/")'
            """);

    assertThat(result.errors()).isEmpty();
    CompiledCast cast = result.orThrow();
    assertThat(
            cast.rule(new KindRef("S", "shipment").field("addr"))
                .evaluate(
                    Map.of(
                        new KindRef("C", "order"),
                        Json.parseObject("{\"address\":\"1 Main St\"}", "t"))))
        .isEqualTo(new RuleResult.Value(TextNode.valueOf("1 MAIN ST")));
  }

  @Test
  void warnsAboutExternalFieldsNoRuleFillsAndInputsNoRuleUses() {
    CheckResult result =
        check(
            """
              P.payment:
                amount: C.order.totalCost
            """);

    assertThat(result.hasErrors()).isFalse();
    assertThat(result.report())
        .isEqualTo(
            """
            t.yaml:5:3: warning: input.S: input 'S' is never read or written
            t.yaml:8:3: warning: P.payment.currency: external field P.payment.currency is filled \
            by no rule""");
  }

  @Test
  void reportsEveryIssueOfASpecAtOnce() {
    assertThat(
            report(
                """
                  P.payment:
                    amount: Q.order.totalCost
                    currency: C.ordr.currency
                  S.shipment:
                    addr: C.order.adress
                    method: 'S.shipment.quote.prize > 1.0 ? "a" : "b"'
                    items: C.order.items.map(item, item.nme)
                """))
        .isEqualTo(
            """
            t.yaml:9:13: error: P.payment.amount: unknown alias 'Q' (inputs: C, P, S)
            t.yaml:10:15: error: P.payment.currency: unknown kind 'ordr' in C (store \
            OnlineRetail/v1/Checkout/knactor-checkout has Note, Order, Settings)
            t.yaml:12:19: error: S.shipment.addr: unknown field 'adress' in C.order \
            (OnlineRetail/v1/Checkout/Order)
            t.yaml:13:31: error: S.shipment.method: unknown field 'quote.prize' in S.shipment \
            (OnlineRetail/v1/Shipping/Shipment)
            t.yaml:14:40: error: S.shipment.items: type error: undefined field 'nme'""");
  }

  @Test
  void throwsSpecExceptionListingTheErrorsOnlyWhenAsked() {
    CheckResult result =
        check(
            """
              P.payment:
                amount: Q.order.totalCost
                currency: C.order.currency + 1.0
            """);

    assertThat(result.compiledCast()).isEmpty();
    assertThatThrownBy(result::orThrow)
        .isInstanceOf(SpecException.class)
        .hasMessageStartingWith(
            "t.yaml does not check (2 errors):\n"
                + "  t.yaml:9:13: error: P.payment.amount: unknown alias 'Q' (inputs: C, P, S)\n"
                + "  t.yaml:10:32: error: P.payment.currency: type error:")
        .extracting(e -> ((SpecException) e).field())
        .isEqualTo("P.payment.amount");
  }

  @Test
  void singletonsComeFromTheSchemaOrTheSpec() {
    String spec =
        """
        kind: Cast
        name: t
        input:
          C: OnlineRetail/v1/Checkout/knactor-checkout
        dxg:
          C.settings:
            discount: '"0.1"'
          C.note:
            tags: '{"a": "b"}'
        singletons:
          C.note: the-note
        """;

    CheckResult result = CHECKER.check(CastSpecParser.parse(spec, "t.yaml"));

    assertThat(result.errors())
        .extracting(Issue::toString)
        .containsExactly(
            "t.yaml:7:16: error: C.settings.discount: C.settings.discount is number but the"
                + " expression yields string");
    CheckResult fixed =
        CHECKER.check(CastSpecParser.parse(spec.replace("'\"0.1\"'", "0.1"), "t.yaml"));
    List<ResolvedKind> kinds = List.copyOf(fixed.orThrow().kinds().values());
    assertThat(kinds)
        .extracting(k -> k.ref() + ":" + k.singleton() + ":" + k.singletonName())
        .containsExactly("C.note:true:the-note", "C.settings:true:default");
    assertThat(fixed.orThrow().kind(new KindRef("C", "note")).storedKind()).isEqualTo("Note");
  }
}
