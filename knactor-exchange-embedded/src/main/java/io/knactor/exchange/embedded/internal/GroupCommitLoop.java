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
 * finished, so the handler needs no locking of its own and sees everything its predecessors did.
 * Thread-safe.
 */
public final class GroupCommitLoop<R> {
  /** What a leader does with requests; never called by two threads at once. */
  public interface Handler<R> {
    /** Handles one group of requests, in the order they were submitted. */
    void handle(List<R> group);

    /** Fails a request of a group whose {@link #handle} threw {@code cause} before handling it. */
    void abandon(R request, Throwable cause);
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
    List<Slot<R>> group = new ArrayList<>();
    synchronized (lock) {
      for (int n = 0; n < maxGroup && !queue.isEmpty(); n++) {
        group.add(queue.poll());
      }
    }
    List<R> requests = new ArrayList<>(group.size());
    for (Slot<R> slot : group) {
      requests.add(slot.request);
    }
    try {
      handler.handle(requests);
    } catch (RuntimeException | Error e) {
      for (R request : requests) {
        handler.abandon(request, e);
      }
      throw e;
    } finally {
      passLead();
      Thread self = Thread.currentThread();
      for (Slot<R> slot : group) {
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
