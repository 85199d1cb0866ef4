package io.knactor.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.ConflictException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * The watch contract under random concurrent writers: every change exactly once, in strictly
 * increasing version order, and a replay that rebuilds the final lists exactly.
 */
public abstract class WatchPropertyConformance extends WatchConformance {
  private static final List<StoreRef> STORES = List.of(CHECKOUT, SHIPPING, PAYMENT);
  private static final List<String> KINDS = List.of("Order", "Item");
  private static final Comparator<StoredObject> BY_KIND_THEN_NAME =
      Comparator.comparing(StoredObject::kind).thenComparing(StoredObject::name);

  /** One random write: what, where, whether it checks the version, whether a second store joins. */
  record Step(Write.Op op, int store, int kind, int name, boolean checkVersion, boolean paired) {}

  @Property(tries = 10, shrinking = ShrinkingMode.OFF)
  void watchersSeeEveryConcurrentChangeExactlyOnceInOrder(
      @ForAll("writers") List<List<Step>> writers) throws Exception {
    Path tryDir = Files.createTempDirectory("knactor-conformance");
    ExecutorService pool = Executors.newFixedThreadPool(writers.size());
    try (ObjectExchange exchange = newExchange(tryDir);
        Watch fromStart = exchange.watch(new WatchRequest(Set.of(), null, 0, 100_000))) {
      Map<Long, StoredObject> acked = new ConcurrentHashMap<>();
      CountDownLatch halfway = new CountDownLatch(writers.size());
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < writers.size(); w++) {
        List<Step> steps = writers.get(w);
        int writer = w;
        running.add(pool.submit(() -> runWriter(exchange, writer, steps, acked, halfway)));
      }
      assertThat(halfway.await(1, TimeUnit.MINUTES)).as("writers halfway").isTrue();
      ObjectList midList = exchange.list(ListRequest.all(CHECKOUT));
      try (Watch fromMid =
          exchange.watch(WatchRequest.ofStores(Set.of(CHECKOUT), midList.resourceVersion()))) {
        for (Future<?> writer : running) {
          writer.get();
        }
        long last = exchange.currentVersion();
        assertThat(last).isEqualTo(acked.keySet().stream().mapToLong(v -> v).max().orElse(0));

        List<WatchEvent> all = drain(fromStart, 0, last);
        assertThat(versions(all))
            .as("one event per acknowledged write")
            .containsExactlyElementsOf(acked.keySet().stream().sorted().toList());
        Map<ObjectKey, StoredObject> replayed = replay(all, List.of(), acked);

        List<Long> checkoutAfterMid =
            acked.values().stream()
                .filter(o -> o.store().equals(CHECKOUT))
                .map(StoredObject::resourceVersion)
                .filter(v -> v > midList.resourceVersion())
                .sorted()
                .toList();
        long lastCheckout =
            checkoutAfterMid.isEmpty()
                ? midList.resourceVersion()
                : checkoutAfterMid.get(checkoutAfterMid.size() - 1);
        List<WatchEvent> afterMid = drain(fromMid, midList.resourceVersion(), lastCheckout);
        assertThat(versions(afterMid)).containsExactlyElementsOf(checkoutAfterMid);
        Map<ObjectKey, StoredObject> replayedCheckout = replay(afterMid, midList.items(), acked);

        for (StoreRef store : STORES) {
          ObjectList list = exchange.list(ListRequest.all(store));
          assertThat(list.resourceVersion()).isEqualTo(last);
          assertThat(list.items()).containsExactlyElementsOf(inStore(replayed, store));
        }
        assertThat(exchange.list(ListRequest.all(CHECKOUT)).items())
            .containsExactlyElementsOf(inStore(replayedCheckout, CHECKOUT));
      }
    } finally {
      pool.shutdownNow();
      deleteRecursively(tryDir);
    }
  }

  @Provide
  Arbitrary<List<List<Step>>> writers() {
    Arbitrary<Step> step =
        Combinators.combine(
                Arbitraries.of(Write.Op.class),
                Arbitraries.integers().between(0, STORES.size() - 1),
                Arbitraries.integers().between(0, KINDS.size() - 1),
                Arbitraries.integers().between(0, 3),
                Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 4).map(n -> n == 0))
            .as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(25).list().ofMinSize(2).ofMaxSize(5);
  }

  private static Void runWriter(
      ObjectExchange exchange,
      int writer,
      List<Step> steps,
      Map<Long, StoredObject> acked,
      CountDownLatch halfway) {
    boolean pastHalf = false;
    try {
      for (int i = 0; i < steps.size(); i++) {
        if (i == steps.size() / 2) {
          halfway.countDown();
          pastHalf = true;
        }
        Step step = steps.get(i);
        ObjectKey key = key(STORES.get(step.store()), KINDS.get(step.kind()), "n" + step.name());
        long expected =
            step.checkVersion()
                ? exchange.get(key).map(StoredObject::resourceVersion).orElse(Write.ANY_VERSION)
                : Write.ANY_VERSION;
        List<Write> writes = new ArrayList<>();
        writes.add(write(step.op(), key, expected, writer, i));
        if (step.paired()) {
          StoreRef other = STORES.get((step.store() + 1) % STORES.size());
          writes.add(Write.upsert(key(other, key.kind(), key.name()), data(writer, i)));
        }
        try {
          exchange
              .commit(new WriteBatch("writer-" + writer, writes))
              .objects()
              .forEach(o -> acked.put(o.resourceVersion(), o));
        } catch (ConflictException | NotFoundException expectedRace) {
          // Lost races and missing objects are legitimate outcomes of random concurrent writes.
        }
      }
      return null;
    } finally {
      if (!pastHalf) {
        halfway.countDown();
      }
    }
  }

  private static Write write(Write.Op op, ObjectKey key, long expected, int writer, int i) {
    ObjectNode data = data(writer, i);
    if (op == Write.Op.PATCH || op == Write.Op.PATCH_OR_CREATE) {
      data = Json.object().put("i", i);
      data.putNull("writer");
    }
    Write write = new Write(op, key, expected, null, op == Write.Op.DELETE ? null : data, null);
    return i % 3 == 0 ? write.withLabels(Map.of("writer", "w" + writer)) : write;
  }

  private static ObjectNode data(int writer, int i) {
    ObjectNode data = Json.object().put("writer", writer).put("i", i);
    data.putObject("nested").put("at", i);
    return data;
  }

  /** Polls events after {@code from} up to {@code last}, checking strict version order. */
  private static List<WatchEvent> drain(Watch watch, long from, long last) throws Exception {
    List<WatchEvent> events = new ArrayList<>();
    long seen = from;
    while (seen < last) {
      WatchEvent event = take(watch, 1).get(0);
      assertThat(event.resourceVersion()).as("version after %d", seen).isGreaterThan(seen);
      seen = event.resourceVersion();
      events.add(event);
    }
    return events;
  }

  /** Applies events to {@code start}, checking each against its acknowledged write. */
  private static Map<ObjectKey, StoredObject> replay(
      List<WatchEvent> events, List<StoredObject> start, Map<Long, StoredObject> acked) {
    Map<ObjectKey, StoredObject> state = new TreeMap<>(Comparator.comparing(ObjectKey::toString));
    start.forEach(object -> state.put(object.key(), object));
    for (WatchEvent event : events) {
      StoredObject object = event.object();
      assertThat(acked.get(event.resourceVersion()))
          .as("acknowledged write of %s", event)
          .isEqualTo(object);
      boolean existed = state.containsKey(object.key());
      assertThat(existed)
          .as("%s of an object that %s", event, existed ? "exists" : "is absent")
          .isEqualTo(event.type() != EventType.ADDED);
      if (event.type() == EventType.DELETED) {
        state.remove(object.key());
      } else {
        state.put(object.key(), object);
      }
    }
    return state;
  }

  private static List<StoredObject> inStore(Map<ObjectKey, StoredObject> state, StoreRef store) {
    return state.values().stream()
        .filter(o -> o.store().equals(store))
        .sorted(BY_KIND_THEN_NAME)
        .toList();
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
