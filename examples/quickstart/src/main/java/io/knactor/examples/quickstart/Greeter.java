package io.knactor.examples.quickstart;

import io.knactor.core.json.Json;
import io.knactor.core.model.StoreRef;
import io.knactor.sdk.Context;
import io.knactor.sdk.Event;
import io.knactor.sdk.Result;

/**
 * The Greeter knactor: answers every {@code Greeting} in its store by filling in its {@code
 * message}. It reads and writes only its own store.
 */
public final class Greeter {
  public static final StoreRef STORE = StoreRef.parse("Quickstart/v1/Greeter/greeter");
  public static final String GREETING = "Greeting";

  private Greeter() {}

  /** Level-triggered: the message follows from {@code to}, and is written only when it differs. */
  public static Result reconcile(Context ctx, Event event) {
    if (event.isDeleted()) {
      return Result.done();
    }
    String message = "Hello, " + event.data().path("to").asText("stranger") + "!";
    if (message.equals(event.data().path("message").asText(null))) {
      return Result.done();
    }
    return Result.apply(
        ctx.writes()
            .patch(
                GREETING,
                event.name(),
                event.resourceVersion(),
                Json.object().put("message", message)));
  }
}
