package io.knactor.cast.eval;

import static io.knactor.cast.Retail.CHECKOUT;
import static io.knactor.cast.Retail.PAYMENT;
import static io.knactor.cast.Retail.SHIPPING;
import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.cast.Retail;
import io.knactor.cast.compile.CompiledCast;
import io.knactor.cast.compile.ResolvedKind;
import io.knactor.core.exchange.Write;
import io.knactor.core.model.StoredObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Invariants of the retail cast over random states: applying what the evaluator plans reaches a
 * fixpoint within a few rounds (writes only on change, so no ping-pong), and every write touches
 * only external fields.
 */
class EvaluationFixpointTest {
  private static final CompiledCast RETAIL = Retail.compiled();
  private static final List<String> CURRENCIES = List.of("'USD'", "'EUR'", "'GBP'");

  @Property(tries = 150)
  void applyingPlansReachesAFixpointAndWritesOnlyExternalFields(
      @ForAll("orders") String order,
      @ForAll("shipments") Optional<String> shipment,
      @ForAll("payments") Optional<String> payment) {
    CastEvaluator evaluator = new CastEvaluator("cast:retail");
    Objects store = new Objects();
    store.put(CHECKOUT, "Order", "o-1", order);
    shipment.ifPresent(s -> store.put(SHIPPING, "Shipment", "o-1", s));
    payment.ifPresent(p -> store.put(PAYMENT, "Payment", "o-1", p));

    int rounds = 0;
    List<Write> writes;
    do {
      writes = new ArrayList<>();
      for (StoredObject object : objects(store)) {
        Evaluation evaluation = evaluator.evaluate(RETAIL, SourceChange.of(object), store.view());
        evaluation.writes().forEach(w -> assertOnlyExternal(w));
        store.apply(evaluation.writes());
        writes.addAll(evaluation.writes());
      }
      rounds++;
    } while (!writes.isEmpty() && rounds < 5);

    assertThat(writes).as("still writing after %d rounds", rounds).isEmpty();
    assertThat(rounds).isLessThanOrEqualTo(3);
  }

  private static List<StoredObject> objects(Objects store) {
    List<StoredObject> out = new ArrayList<>();
    for (String[] key :
        new String[][] {{CHECKOUT, "Order"}, {SHIPPING, "Shipment"}, {PAYMENT, "Payment"}}) {
      StoredObject object = store.get(key[0], key[1], "o-1");
      if (object != null) {
        out.add(object);
      }
    }
    return out;
  }

  private static void assertOnlyExternal(Write write) {
    ResolvedKind kind = RETAIL.kindsOf(write.key().store(), write.key().kind()).get(0);
    List<String> external = kind.schema().externalPaths();
    write.data().fieldNames().forEachRemaining(field -> assertThat(external).contains(field));
  }

  @Provide
  Arbitrary<String> orders() {
    Arbitrary<String> items =
        Arbitraries.of("lamp", "desk", "chair")
            .list()
            .ofMaxSize(3)
            .map(
                names ->
                    "["
                        + String.join(",", names.stream().map(n -> "{'name':'" + n + "'}").toList())
                        + "]");
    return Combinators.combine(
            Arbitraries.doubles().between(0, 3000).ofScale(2),
            Arbitraries.integers().between(0, 3000),
            Arbitraries.of(CURRENCIES),
            items,
            Arbitraries.of("", ",'address':'1 Main St'"))
        .as(
            (cost, total, currency, list, address) ->
                "{'cost':"
                    + cost
                    + ",'totalCost':"
                    + total
                    + ",'currency':"
                    + currency
                    + ",'items':"
                    + list
                    + address
                    + "}");
  }

  @Provide
  Arbitrary<Optional<String>> shipments() {
    Arbitrary<String> quote =
        Combinators.combine(
                Arbitraries.integers().between(1, 100),
                Arbitraries.of(List.of("'USD'", "'EUR'", "'GBP'", "'XXX'")))
            .as(
                (price, currency) ->
                    ",'quote':{'price':" + price + ",'currency':" + currency + "}");
    return Combinators.combine(
            Arbitraries.of("", ",'id':'track-1'"), Arbitraries.oneOf(Arbitraries.just(""), quote))
        .as((id, q) -> "{'method':'none'" + id + q + "}")
        .optional();
  }

  @Provide
  Arbitrary<Optional<String>> payments() {
    return Arbitraries.of("{}", "{'id':'pay-1'}", "{'amount':1.0,'currency':'USD'}").optional();
  }
}
