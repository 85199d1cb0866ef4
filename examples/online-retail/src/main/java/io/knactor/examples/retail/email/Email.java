package io.knactor.examples.retail.email;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.json.Json;
import io.knactor.core.model.StoreRef;
import io.knactor.examples.kit.Reconciling;
import io.knactor.examples.retail.domain.Confirmations;
import io.knactor.sdk.Context;
import io.knactor.sdk.Event;
import io.knactor.sdk.Knactor;
import io.knactor.sdk.Result;
import java.util.ArrayList;
import java.util.List;

/**
 * The Email knactor: a {@code Confirmation} per key. Once it has a recipient and an order (both
 * external), it renders the message, sends it (to its outbox, the {@code body} field) and marks it
 * {@code sent}; a changed order is confirmed again. It names no other service.
 */
public final class Email {
  public static final StoreRef STORE = StoreRef.parse("OnlineRetail/v1/Email/knactor-email");
  public static final String CONFIRMATION = "Confirmation";

  private Email() {}

  public static Knactor knactor(ObjectExchange connection) {
    return Knactor.builder(STORE, connection).on(CONFIRMATION, Email::reconcile).build();
  }

  static Result reconcile(Context ctx, Event event) {
    String to = Reconciling.text(event.data(), "to");
    JsonNode order = event.data().get("order");
    if (event.isDeleted() || to == null || order == null || !order.isObject()) {
      return Result.done();
    }
    return Reconciling.patchChanged(
        ctx,
        event,
        Json.object().put("body", render(event.name(), to, order)).put("status", "sent"));
  }

  /** The message confirming the order {@code key} to {@code to}. */
  public static String render(String key, String to, JsonNode order) {
    List<String> items = new ArrayList<>();
    order.path("items").forEach(item -> items.add(item.asText()));
    return Confirmations.render(
        key,
        to,
        items,
        order.path("total").asDouble(),
        order.path("currency").asText(),
        order.path("trackingID").asText(null));
  }
}
