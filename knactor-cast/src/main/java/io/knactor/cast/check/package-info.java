/**
 * Checks a {@link io.knactor.cast.spec.CastSpec} against the schemas of its stores and compiles it:
 * {@link io.knactor.cast.check.CastChecker} reports every issue in a {@link
 * io.knactor.cast.check.CheckResult} and yields an immutable {@link
 * io.knactor.cast.compile.CompiledCast} when there is no error.
 *
 * <p>Kinds: a spec names a kind the way it reads best, {@code C.order}; schemas name kinds as
 * types, {@code OnlineRetail/v1/Checkout/Order}. {@code C.order} resolves to the schema kind with
 * the first letter upper-cased ({@code Order}) when the store's type has it, otherwise to the kind
 * spelled exactly ({@code order}). Nothing else is folded: {@code C.ORDER} is unknown.
 *
 * <p>Types: schema {@code number} is CEL {@code double}, {@code integer} is {@code int}, a
 * structured object is a struct type named after its schema ({@code
 * OnlineRetail.v1.Shipping.Shipment.quote}), an open {@code object} is {@code map(string, dyn)},
 * {@code any} is {@code dyn}. {@code this} is the target object.
 */
package io.knactor.cast.check;
