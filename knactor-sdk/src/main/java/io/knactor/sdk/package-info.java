/**
 * The reconciler SDK: write a knactor as handlers of changes in its own store.
 *
 * <p>{@link io.knactor.sdk.Knactor} runs the handlers; {@link io.knactor.sdk.Context} and {@link
 * io.knactor.sdk.StoreWrites} read and write the own store by kind and name; {@link
 * io.knactor.sdk.Result} says what to do after a call. The connection is any {@link
 * io.knactor.core.exchange.ObjectExchange}: the server's in-JVM connection or {@code
 * io.knactor.sdk.http.HttpObjectExchange}.
 *
 * <p>Handlers must be idempotent and level-triggered, as Kubernetes controllers: they may be called
 * again for a state already seen, and after a relist they see the current state, not every change
 * that led to it.
 */
package io.knactor.sdk;
