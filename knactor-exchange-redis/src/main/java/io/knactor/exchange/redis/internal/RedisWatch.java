package io.knactor.exchange.redis.internal;

import io.knactor.core.error.ExpiredException;
import io.knactor.core.error.KnactorException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.error.WatchOverflowException;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A watch that reads the change stream with {@code XREAD BLOCK} on its own connection, from the
 * requested version on: catching up and following live are the same read, so there is no handover
 * and no gap. Every version has exactly one entry in the change stream, so a read that skips a
 * version means the stream was trimmed past the watcher: it ends with ExpiredException. A watch of
 * one store reads that store's stream instead (see {@link Stream}), and wakes only for its changes.
 *
 * <p>Reads are asynchronous (Lettuce callbacks on its event loop) and fill a queue of undecoded
 * entries that {@link #poll} drains and decodes: the event loop also carries the replies to
 * commits, which must not wait behind JSON parsing. Changes committed before the watch opened are
 * read only as fast as the poller takes them; later ones are read as they come and, beyond {@code
 * queueCapacity} undelivered, cut the watcher off with WatchOverflowException. A Redis restart is
 * survived: a read the broken connection failed is issued again from the same position and waits
 * for Lettuce to reconnect.
 *
 * <p>{@link #poll} from one thread at a time; {@link #close} from any thread.
 */
public final class RedisWatch implements Watch {
  private static final int CHUNK = 512;
  private static final long BLOCK_MILLIS = 2_000;
  private static final Executor RETRY_LATER =
      CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS);

  private final WatchRequest request;
  private final StatefulRedisConnection<String, String> connection;
  private final Stream stream;
  private final long horizon;
  private final Consumer<RedisWatch> onClose;
  private final String description;
  private final ArrayDeque<Entry> events = new ArrayDeque<>();

  private long position;
  private int liveQueued;
  private boolean reading;
  private KnactorException termination;

  /**
   * Starts reading after {@code request.fromVersion()}; {@code horizon} is the exchange version
   * when the watch opened. {@code onClose} runs once, when the watch ends for any reason. Reading
   * starts with {@link #start}.
   */
  public RedisWatch(
      WatchRequest request,
      StatefulRedisConnection<String, String> connection,
      Stream stream,
      long horizon,
      Consumer<RedisWatch> onClose) {
    this.request = request;
    this.connection = connection;
    this.stream = stream;
    this.horizon = horizon;
    this.onClose = onClose;
    this.position = request.fromVersion();
    this.description = request.describe();
  }

  /** Issues the first read; call once, after the watch is registered for closing. */
  public void start() {
    synchronized (this) {
      reading = true;
    }
    read();
  }

  @Override
  public WatchEvent poll(Duration timeout) throws InterruptedException {
    // Decoded here, outside the lock, so that the I/O thread queueing the next changes (and
    // serving the commands of other connections) never waits for it.
    Entry next = take(timeout);
    return next == null ? null : Codec.event(next.version(), next.entry());
  }

  private synchronized Entry take(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (events.isEmpty() && termination == null) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      wait(left / 1_000_000, (int) (left % 1_000_000));
    }
    if (termination != null) {
      throw termination;
    }
    Entry next = events.poll();
    if (next.version() > horizon) {
      liveQueued--;
    }
    if (!reading && events.size() < CHUNK) {
      reading = true;
      read();
    }
    return next;
  }

  @Override
  public void close() {
    terminate(new UnavailableException(description + " is closed"));
  }

  /** Ends the watch with {@code reason} unless it has already ended; wakes a waiting poller. */
  public void terminate(KnactorException reason) {
    synchronized (this) {
      if (termination != null) {
        return;
      }
      termination = reason;
      events.clear();
      notifyAll();
    }
    connection.closeAsync();
    onClose.accept(this);
  }

  public String description() {
    return description;
  }

  private void read() {
    long from;
    synchronized (this) {
      if (termination != null) {
        return;
      }
      from = position;
    }
    connection
        .async()
        .xread(
            XReadArgs.Builder.block(BLOCK_MILLIS).count(CHUNK),
            XReadArgs.StreamOffset.from(stream.key(), Keys.entryId(from)))
        .whenComplete(this::received);
  }

  private void received(List<StreamMessage<String, String>> messages, Throwable error) {
    KnactorException failure = null;
    boolean more;
    synchronized (this) {
      if (termination != null) {
        return;
      }
      if (error == null) {
        failure = accept(messages == null ? List.of() : messages);
      } else if (!(error instanceof RedisCommandExecutionException)
          || error instanceof RedisLoadingException) {
        // The connection broke under the read, or a restarted server is still loading its data:
        // read again from the same position a little later; while Lettuce reconnects, the read
        // waits in its queue.
        reading = true;
        CompletableFuture.runAsync(this::read, RETRY_LATER);
        return;
      } else {
        failure =
            new UnavailableException(
                description + " failed reading the change stream: " + error.getMessage(), error);
      }
      more = failure == null && (position >= horizon || events.size() < CHUNK);
      reading = more;
      notifyAll();
    }
    if (failure != null) {
      terminate(failure);
    } else if (more) {
      read();
    }
  }

  /**
   * A stream a watch reads, and how it tells that the stream was trimmed past the watch: in the
   * change stream, versions follow one another; in the stream of one store, each entry names the
   * version of the store's previous change ({@code p}), which the watch must have passed.
   */
  public record Stream(String key, boolean ofOneStore) {
    public static Stream ofAll(String key) {
      return new Stream(key, false);
    }

    public static Stream ofStore(String key) {
      return new Stream(key, true);
    }

    /** Whether entries between {@code position} and the entry at {@code version} are gone. */
    boolean skipped(long position, long version, Map<String, String> body) {
      if (!ofOneStore) {
        return version != position + 1;
      }
      return version <= position || Long.parseLong(body.getOrDefault("p", "0")) > position;
    }
  }

  /** A change as read from the stream; the poller decodes it, not Lettuce's I/O thread. */
  private record Entry(long version, String entry) {}

  /** Queues the matching events; returns why the watch must end, or null. Holds the lock. */
  private KnactorException accept(List<StreamMessage<String, String>> messages) {
    for (StreamMessage<String, String> message : messages) {
      long version = Keys.version(message.getId());
      if (stream.skipped(position, version, message.getBody())) {
        return new ExpiredException(
            description
                + " from resourceVersion "
                + position
                + " is too old: the change stream no longer holds the changes after it; list"
                + " again and watch from the list's resourceVersion",
            "resourceVersion");
      }
      position = version;
      String entry = message.getBody().get("e");
      if (!request.matches(Codec.eventStore(entry), Codec.eventKind(entry))) {
        continue;
      }
      if (version > horizon) {
        if (liveQueued >= request.queueCapacity()) {
          return WatchOverflowException.cutOff(description, request.queueCapacity());
        }
        liveQueued++;
      }
      events.add(new Entry(version, entry));
    }
    return null;
  }
}
