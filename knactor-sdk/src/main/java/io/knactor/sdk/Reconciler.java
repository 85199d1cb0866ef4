package io.knactor.sdk;

/**
 * A knactor's handler for one kind of object in its own store.
 *
 * <p>Handlers must be <b>idempotent and level-triggered</b>, as Kubernetes controllers are: the
 * runtime may call a handler again for a state it has already seen (after a retry, a conflict, a
 * relist or a restart), and it may merge several changes into one call carrying the latest state
 * (modifications that queue up behind each other, or everything a relist finds). A handler should
 * compute what its store ought to hold from the state it is given (and what it reads through the
 * {@link Context}) and write only what differs, rather than count calls.
 *
 * <p>Handlers run on the knactor's single thread, one call at a time, so a handler that blocks
 * delays every other object of the knactor.
 */
@FunctionalInterface
public interface Reconciler {
  /**
   * Reacts to one change of one object.
   *
   * @return what to do next: {@link Result#done()}, writes to apply atomically, a requeue; never
   *     null
   * @throws Exception anything; the runtime logs it with the object's key and calls the handler
   *     again for the object after a backoff, without stopping the handling of other objects. A
   *     {@link io.knactor.core.error.ConflictException} is retried sooner, with the object re-read.
   */
  Result reconcile(Context context, Event event) throws Exception;
}
