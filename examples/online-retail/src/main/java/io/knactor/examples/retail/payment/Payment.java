package io.knactor.examples.retail.payment;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.json.Json;
import io.knactor.core.model.StoreRef;
import io.knactor.examples.kit.Reconciling;
import io.knactor.examples.retail.domain.Cards;
import io.knactor.sdk.Context;
import io.knactor.sdk.Event;
import io.knactor.sdk.Knactor;
import io.knactor.sdk.Result;
import java.time.Clock;
import java.time.YearMonth;
import java.util.Optional;

/**
 * The Payment knactor: a {@code Payment} per key, charged once its amount, currency and card (all
 * external) are known: it records the transaction {@code id}, or the {@code error} when the card is
 * refused. A payment is charged once; it names no other service.
 */
public final class Payment {
  public static final StoreRef STORE = StoreRef.parse("OnlineRetail/v1/Payment/knactor-payment");
  public static final String PAYMENT = "Payment";

  private Payment() {}

  public static Knactor knactor(ObjectExchange connection, Clock clock) {
    return Knactor.builder(STORE, connection)
        .on(PAYMENT, (ctx, event) -> reconcile(ctx, event, clock))
        .build();
  }

  static Result reconcile(Context ctx, Event event, Clock clock) {
    JsonNode payment = event.data();
    if (event.isDeleted()
        || payment.hasNonNull("id")
        || payment.hasNonNull("error")
        || payment.path("amount").asDouble() <= 0
        || !payment.hasNonNull("currency")
        || !payment.hasNonNull("card")) {
      return Result.done();
    }
    JsonNode card = payment.get("card");
    Optional<String> problem =
        Cards.problem(
            card.path("number").asText(),
            card.path("expirationYear").asInt(),
            card.path("expirationMonth").asInt(),
            YearMonth.now(clock));
    return Reconciling.patchChanged(
        ctx,
        event,
        problem.isPresent()
            ? Json.object().put("error", problem.get())
            : Json.object().put("id", Cards.transactionId(event.name())));
  }
}
