package io.knactor.exchange.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Leader/follower group commit: who handles which request, and in what order. */
class GroupCommitLoopTest {
  private static final int MAX_GROUP = 8;

  /** Records every group and the thread that handled it; fails on overlapping calls. */
  private static final class Recorder implements GroupCommitLoop.Handler<String> {
    final List<List<String>> groups = Collections.synchronizedList(new ArrayList<>());
    final List<Thread> leaders = Collections.synchronizedList(new ArrayList<>());
    final List<String> abandoned = Collections.synchronizedList(new ArrayList<>());
    final AtomicBoolean inside = new AtomicBoolean();
    volatile boolean overlapped;
    volatile CountDownLatch hold = new CountDownLatch(0);
    volatile String failOn;

    @Override
    public void handle(List<String> group) {
      if (!inside.compareAndSet(false, true)) {
        overlapped = true;
      }
      try {
        groups.add(List.copyOf(group));
        leaders.add(Thread.currentThread());
        hold.await();
        if (group.contains(failOn)) {
          throw new IllegalStateException("handler failed");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inside.set(false);
      }
    }

    @Override
    public void abandon(String request, Throwable cause) {
      abandoned.add(request);
    }
  }

  @Test
  void aLoneCallerHandlesItsOwnRequestOnItsThread() {
    Recorder recorder = new Recorder();
    GroupCommitLoop<String> loop = new GroupCommitLoop<>(MAX_GROUP, recorder);

    loop.submit("a");
    loop.submit("b");

    assertThat(recorder.groups).containsExactly(List.of("a"), List.of("b"));
    assertThat(recorder.leaders).containsOnly(Thread.currentThread());
  }

  @Test
  void callersArrivingDuringAGroupAreHandledTogetherByTheNextLeader() throws Exception {
    Recorder recorder = new Recorder();
    GroupCommitLoop<String> loop = new GroupCommitLoop<>(MAX_GROUP, recorder);
    recorder.hold = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Future<?> first = pool.submit(() -> loop.submit("first"));
      while (recorder.groups.isEmpty()) {
        Thread.onSpinWait();
      }
      List<Future<?>> followers = new ArrayList<>();
      List<Thread> waiting = Collections.synchronizedList(new ArrayList<>());
      for (String name : List.of("x", "y", "z")) {
        followers.add(
            pool.submit(
                () -> {
                  waiting.add(Thread.currentThread());
                  loop.submit(name);
                }));
      }
      // The first group is held, so every follower queues and parks.
      while (waiting.size() < 3
          || !waiting.stream().allMatch(t -> t.getState() == Thread.State.WAITING)) {
        Thread.sleep(1);
      }
      recorder.hold.countDown();
      first.get();
      for (Future<?> follower : followers) {
        follower.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(recorder.overlapped).isFalse();
    assertThat(recorder.groups).hasSize(2);
    assertThat(recorder.groups.get(0)).containsExactly("first");
    assertThat(recorder.groups.get(1)).containsExactlyInAnyOrder("x", "y", "z");
    assertThat(recorder.leaders.get(1)).isNotEqualTo(recorder.leaders.get(0));
  }

  @Test
  void manyCallersEachHaveTheirRequestHandledOnceInGroupsOfAtMostTheMaximum() throws Exception {
    Recorder recorder = new Recorder();
    GroupCommitLoop<String> loop = new GroupCommitLoop<>(MAX_GROUP, recorder);
    int callers = 16;
    int each = 200;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        int caller = c;
        running.add(
            pool.submit(
                () -> {
                  for (int n = 0; n < each; n++) {
                    loop.submit(caller + "-" + n);
                  }
                }));
      }
      for (Future<?> future : running) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(recorder.overlapped).isFalse();
    List<String> handled = recorder.groups.stream().flatMap(List::stream).toList();
    assertThat(handled).hasSize(callers * each).doesNotHaveDuplicates();
    assertThat(recorder.groups).allSatisfy(group -> assertThat(group).hasSizeBetween(1, MAX_GROUP));
    for (int c = 0; c < callers; c++) {
      String prefix = c + "-";
      List<String> own = handled.stream().filter(r -> r.startsWith(prefix)).toList();
      assertThat(own).containsExactlyElementsOf(own.stream().sorted(byNumber(prefix)).toList());
    }
  }

  @Test
  void aFailingGroupAbandonsItsRequestsAndTheLoopGoesOn() {
    Recorder recorder = new Recorder();
    GroupCommitLoop<String> loop = new GroupCommitLoop<>(MAX_GROUP, recorder);
    recorder.failOn = "bad";

    assertThatThrownBy(() -> loop.submit("bad")).hasMessage("handler failed");
    loop.submit("good");

    assertThat(recorder.abandoned).containsExactly("bad");
    assertThat(recorder.groups).containsExactly(List.of("bad"), List.of("good"));
  }

  @Test
  void anInterruptedCallerStillHasItsRequestHandledAndKeepsItsInterrupt() {
    Recorder recorder = new Recorder();
    GroupCommitLoop<String> loop = new GroupCommitLoop<>(MAX_GROUP, recorder);

    Thread.currentThread().interrupt();
    try {
      loop.submit("a");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(recorder.groups).containsExactly(List.of("a"));
  }

  private static Comparator<String> byNumber(String prefix) {
    return Comparator.comparingInt(r -> Integer.parseInt(r.substring(prefix.length())));
  }
}
