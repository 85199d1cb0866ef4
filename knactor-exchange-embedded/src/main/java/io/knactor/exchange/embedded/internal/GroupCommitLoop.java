package io.knactor.exchange.embedded.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Group commit without a writer thread (leader/follower, as RocksDB's write groups), shared by the
 * object and the log exchange. A caller of {@link #submit} that finds no group in progress becomes
 * the leader: it hands its {@link Handler} every request queued so far (up to a group size, its own
 * first) as one group, on its own thread, so a lone writer pays no thread hand-off. Callers that
 * arrive meanwhile queue and park as followers; when the leader's group is written, the leader
 * names the oldest queued follower the next leader (it writes everything that queued while the
 * previous group was written, so one WAL sync serves all of them) and then wakes the members of its
 * own group, whose requests are done.
 *
 * <p>At most one leader runs the handler at a time, and each leader starts after the previous one
 * finished or {@linkplain Lead#pass passed the lead}, so the handler needs no locking of its own
 * for what it does before passing, and sees everything its predecessors did before they passed. A
 * handler passes early to overlap its slow tail (a WAL sync) with the next group's preparation; it
 * then orders those tails itself. Thread-safe.
 */
public final class GroupCommitLoop<R> {
  /** What a leader does with requests; called by one thread at a time until it passes the lead. */
  public interface Handler<R> {
    /**
     * Handles one group of requests, in the order they were submitted. It may call {@code
     * lead.pass()} once what is left of the call may run beside the next leader's; the loop passes
     * the lead when the call returns otherwise. The group's callers are woken after it returns.
     */
    void handle(List<R> group, Lead<R> lead);

    /** Fails a request of a group whose {@link #handle} threw {@code cause} before handling it. */
    void abandon(R request, Throwable cause);
  }

  /** The lead of one group, held by the thread handling it. */
  public interface Lead<R> {
    /**
     * Takes the requests queued since the group started into it (up to the group size), for a
     * handler that can still handle them before it passes the lead; their callers are woken with
     * the group's. Empty when none are queued.
     *
     * @throws IllegalStateException after {@link #pass}
     */
    List<R> more();

    /** Names the next leader now, so it handles its group while this one finishes. Idempotent. */
    void pass();
  }

  /** The lead as the loop hands it to a handler: the group's slots, passed at most once. */
  private final class HeldLead implements Lead<R> {
    private final List<Slot<R>> group = new ArrayList<>();
    private boolean passed;

    @Override
    public List<R> more() {
      if (passed) {
        throw new IllegalStateException("the lead was passed");
      }
      List<R> requests = new ArrayList<>();
      synchronized (lock) {
        while (group.size() < maxGroup && !queue.isEmpty()) {
          Slot<R> slot = queue.poll();
          group.add(slot);
          requests.add(slot.request);
        }
      }
      return requests;
    }

    @Override
    public void pass() {
      if (!passed) {
        passed = true;
        passLead();
      }
    }
  }

  private static final int WAITING = 0;
  private static final int LEAD = 1;
  private static final int DONE = 2;

  /** A queued request and the thread waiting for it. */
  private static final class Slot<R> {
    final R request;
    final Thread thread = Thread.currentThread();
    volatile int state = WAITING;

    Slot(R request) {
      this.request = request;
    }
  }

  private final int maxGroup;
  private final Handler<R> handler;
  private final Object lock = new Object();
  // Guarded by lock. Not empty only while a leader is named (queued requests always have one).
  private final ArrayDeque<Slot<R>> queue = new ArrayDeque<>();
  private boolean leading;

  public GroupCommitLoop(int maxGroup, Handler<R> handler) {
    this.maxGroup = maxGroup;
    this.handler = handler;
  }

  /**
   * Has {@code request} handled, on this thread when no group is in progress, else by the current
   * leader or as the next one; returns once it is handled. Keeps the caller's interrupt status but
   * does not give up when interrupted, since the request may already be in a group.
   */
  public void submit(R request) {
    Slot<R> slot = new Slot<>(request);
    boolean lead;
    synchronized (lock) {
      queue.add(slot);
      lead = !leading;
      leading = true;
    }
    if (lead || awaitTurn(slot) == LEAD) {
      lead();
    }
  }

  /** Parks until the slot is done or its thread is named leader; returns which. */
  private static int awaitTurn(Slot<?> slot) {
    boolean interrupted = false;
    int state;
    while ((state = slot.state) == WAITING) {
      LockSupport.park(slot);
      interrupted |= Thread.interrupted();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return state;
  }

  /** Writes one group (this thread's request first), then passes the lead on and wakes the rest. */
  private void lead() {
    HeldLead lead = new HeldLead();
    List<R> requests = lead.more();
    try {
      handler.handle(requests, lead);
    } catch (RuntimeException | Error e) {
      for (Slot<R> slot : lead.group) {
        handler.abandon(slot.request, e);
      }
      throw e;
    } finally {
      lead.pass();
      Thread self = Thread.currentThread();
      for (Slot<R> slot : lead.group) {
        slot.state = DONE;
        if (slot.thread != self) {
          LockSupport.unpark(slot.thread);
        }
      }
    }
  }

  /** Names the oldest queued request's thread the next leader, before waking this group. */
  private void passLead() {
    Slot<R> next;
    synchronized (lock) {
      next = queue.peek();
      leading = next != null;
    }
    if (next != null) {
      next.state = LEAD;
      LockSupport.unpark(next.thread);
    }
  }
}
