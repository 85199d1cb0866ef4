package io.knactor.examples.quickstart;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.json.Json;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import io.knactor.sdk.Context;
import io.knactor.sdk.Event;
import io.knactor.sdk.Result;
import java.util.Optional;

/**
 * The Counter knactor: keeps one {@code PageCount} per page, counting the {@code Visit} objects of
 * its store that name the page. It reads and writes only its own store.
 */
public final class Counter {
  public static final StoreRef STORE = StoreRef.parse("Quickstart/v1/Counter/counter");
  public static final String VISIT = "Visit";
  public static final String PAGE_COUNT = "PageCount";

  private Counter() {}

  /**
   * Level-triggered: a visit's change (an addition, a deletion) makes the count of its page be
   * recomputed from the visits stored, so a repeated or missed call cannot skew it.
   */
  public static Result reconcile(Context ctx, Event event) {
    String page = event.data().path("page").asText("");
    if (page.isEmpty()) {
      return Result.done();
    }
    long count =
        ctx.list(VISIT).stream()
            .filter(visit -> page.equals(visit.data().path("page").asText()))
            .count();
    Optional<StoredObject> current = ctx.get(PAGE_COUNT, page);
    if (current.isPresent() && current.get().data().path("count").asLong(-1) == count) {
      return Result.done();
    }
    ObjectNode pageCount = Json.object().put("page", page).put("count", count);
    return Result.apply(ctx.writes().upsert(PAGE_COUNT, page, pageCount));
  }
}
