package io.knactor.cast.pushdown;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.cast.spec.FieldRef;
import io.knactor.core.json.Json;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rules of one cast revision an exchange may evaluate itself, and why the others may not. The
 * plan document ({@link #json}) is what {@link io.knactor.core.exchange.RulePushDown} installs:
 *
 * <pre>
 * {"integrator": "shop", "revision": 3,
 *  "rules": [{"rule": "S.shipment.method", "path": ["method"],
 *             "target": {"store": "Shop/v1/Shipping/shipping", "kind": "Shipment"},
 *             "inputs": [{"store": "Shop/v1/Checkout/checkout", "kind": "Order"}],
 *             "expr": {"op": "cond", "args": [
 *                 {"op": ">", "args": [{"op": "field", "input": 0, "path": ["cost"], "type": "double"},
 *                                      {"op": "lit", "type": "double", "json": "1000.0"}]},
 *                 {"op": "lit", "type": "string", "json": "\"air\""},
 *                 {"op": "lit", "type": "string", "json": "\"ground\""}]}}]}
 * </pre>
 *
 * An expression node is a field of an input object ({@code field}: the input's index, the path, the
 * CEL type), a literal ({@code lit}: the type and the value as JSON text, written as the runtime
 * would write it), the conditional {@code cond}, {@code and}, {@code or}, {@code not}, or a
 * comparison ({@code == != < <= > >=}). Types are {@code string}, {@code bool}, {@code int} and
 * {@code double}; a rule's result is never a double. A rule runs for the object with the same name
 * in each input, only once every input object exists, and leaves its target unset when an input
 * object or a field it needs is missing (pending).
 *
 * @param json the plan document, holding only the pushed rules
 * @param refused every rule that is not pushed down, with the reason
 */
public record PushDownPlan(ObjectNode json, Map<FieldRef, String> refused) {
  public PushDownPlan {
    refused = Collections.unmodifiableMap(new TreeMap<>(refused));
  }

  /** True when every rule of the cast is pushed down, so the runtime need evaluate none. */
  public boolean complete() {
    return refused.isEmpty() && json.path("rules").size() > 0;
  }

  /** The plan document as compact JSON. */
  public String text() {
    return Json.toString(json);
  }

  /** One line for logs and status: what is pushed down and why the rest is not. */
  public String describe() {
    int pushed = json.path("rules").size();
    if (refused.isEmpty()) {
      return pushed + " rule(s) pushed down";
    }
    StringBuilder out =
        new StringBuilder(pushed + " rule(s) pushable, " + refused.size() + " not: ");
    String sep = "";
    for (Map.Entry<FieldRef, String> entry : refused.entrySet()) {
      out.append(sep).append(entry.getKey()).append(": ").append(entry.getValue());
      sep = "; ";
    }
    return out.toString();
  }
}
