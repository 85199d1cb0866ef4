package io.knactor.exchange.embedded.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The queue and loop of a single writer with group commit, shared by the object and the log
 * exchange: callers {@link #submit} requests from any thread; the writer thread, running {@link
 * #run}, takes everything pending (up to a group size) and hands it to its {@link Handler} as one
 * group, which the handler writes with one RocksDB write, so one WAL sync serves every caller of
 * the group.
 *
 * <p>{@link #submit} and {@link #stop} are thread-safe and never block.
 */
public final class GroupCommitLoop<R> implements Runnable {
  /** What the writer does with requests; called on the writer thread only. */
  public interface Handler<R> {
    /** Handles one group of requests, in the order they were submitted. */
    void handle(List<R> group);

    /** Fails a request that arrived after {@link #stop}, without handling it. */
    void reject(R request);
  }

  private static final Object STOP = new Object();

  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final int maxGroup;
  private final Handler<R> handler;

  public GroupCommitLoop(int maxGroup, Handler<R> handler) {
    this.maxGroup = maxGroup;
    this.handler = handler;
  }

  public void submit(R request) {
    queue.add(request);
  }

  /** Asks the writer to handle what is queued before this call, then exit. */
  public void stop() {
    queue.add(STOP);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void run() {
    List<Object> drained = new ArrayList<>();
    boolean stopped = false;
    while (!stopped) {
      drained.clear();
      try {
        drained.add(queue.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopped = true;
      }
      queue.drainTo(drained, maxGroup - 1);
      List<R> group = new ArrayList<>(drained.size());
      List<R> late = new ArrayList<>();
      for (Object request : drained) {
        if (request == STOP) {
          stopped = true;
        } else {
          (stopped ? late : group).add((R) request);
        }
      }
      if (!group.isEmpty()) {
        handler.handle(group);
      }
      late.forEach(handler::reject);
    }
    List<Object> left = new ArrayList<>();
    queue.drainTo(left);
    for (Object request : left) {
      if (request != STOP) {
        handler.reject((R) request);
      }
    }
  }
}
