package io.knactor.examples.retail.currency;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.json.Json;
import io.knactor.core.model.StoreRef;
import io.knactor.examples.retail.Published;
import io.knactor.examples.retail.domain.ShopData;
import io.knactor.sdk.Context;
import io.knactor.sdk.Event;
import io.knactor.sdk.Knactor;
import io.knactor.sdk.Result;
import java.util.TreeSet;

/**
 * The Currency knactor: one {@code Rate} per currency (units per euro), and the {@code Rates}
 * singleton it publishes from them for integrators: the table and the supported currencies. The
 * conversion itself is the Cast function {@code currency_convert}, which reads that table.
 */
public final class Currency {
  public static final StoreRef STORE = StoreRef.parse("OnlineRetail/v1/Currency/knactor-currency");
  public static final String RATE = "Rate";
  public static final String RATES = "Rates";

  private Currency() {}

  public static Knactor knactor(ObjectExchange connection) {
    return Knactor.builder(STORE, connection).on(RATE, Currency::reconcile).build();
  }

  /**
   * Stores the rates the service ships with ({@link ShopData#ratesPerEuro()}), as its data load.
   */
  public static void load(Context ctx) {
    ShopData.ratesPerEuro()
        .forEach((code, perEuro) -> ctx.upsert(RATE, code, Json.object().put("perEuro", perEuro)));
  }

  /** Level-triggered: the table is rebuilt from all rates whenever one changes. */
  public static Result reconcile(Context ctx, Event event) {
    return Published.index(
        ctx,
        RATE,
        RATES,
        "perEuro",
        rate -> rate.path("perEuro"),
        index -> {
          ObjectNode rest = Json.object();
          ArrayNode currencies = rest.putArray("currencies");
          TreeSet<String> codes = new TreeSet<>();
          index.fieldNames().forEachRemaining(codes::add);
          codes.forEach(currencies::add);
          return rest;
        });
  }
}
