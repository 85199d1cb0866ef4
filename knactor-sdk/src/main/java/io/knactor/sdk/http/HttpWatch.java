package io.knactor.sdk.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.KnactorException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.error.WatchOverflowException;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A watch over HTTP: subscribes to the lines of a watch stream (on the HTTP client's threads, so a
 * watch costs no thread of its own) and queues their events for {@link #poll}. An ERROR line, the
 * end of the stream, or more than {@code capacity} unpolled events ends the watch: the events
 * already queued are delivered, then every poll throws the cause.
 */
final class HttpWatch implements Watch, Flow.Subscriber<String> {
  private static final Object END = new Object();

  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final int capacity;
  private final String source;
  private final Consumer<HttpWatch> onClose;
  private volatile Flow.Subscription subscription;
  private volatile boolean closed;
  private KnactorException failure;

  HttpWatch(int capacity, String source, Consumer<HttpWatch> onClose) {
    this.capacity = capacity;
    this.source = source;
    this.onClose = onClose;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (closed) {
      subscription.cancel();
    } else {
      subscription.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(String line) {
    if (line.isBlank() || ended()) {
      return;
    }
    ObjectNode node;
    try {
      node = WireJson.parseObject(line.getBytes(StandardCharsets.UTF_8), "watch event");
    } catch (InvalidInputException e) {
      fail(new UnavailableException("unreadable event from " + source + ": " + e.getMessage(), e));
      return;
    }
    String type = node.path("type").asText();
    JsonNode object = node.get("object");
    switch (type) {
      case "ADDED", "MODIFIED", "DELETED" -> deliver(type, object);
      case "BOOKMARK" -> {}
      case "ERROR" ->
          fail(
              object != null && object.isObject()
                  ? StatusCodec.decode(500, (ObjectNode) object)
                  : new UnavailableException("watch on " + source + " ended with an error"));
      default -> fail(new UnavailableException("unknown event type '" + type + "' from " + source));
    }
  }

  private void deliver(String type, JsonNode object) {
    WatchEvent event;
    try {
      event = ObjectCodec.decodeEvent(type, object);
    } catch (KnactorException e) {
      fail(new UnavailableException("unreadable event from " + source + ": " + e.getMessage(), e));
      return;
    }
    if (queued.get() >= capacity) {
      fail(
          new WatchOverflowException(
              "watch on "
                  + source
                  + " fell more than "
                  + capacity
                  + " events behind; list again and watch from the list's version"));
      return;
    }
    queued.incrementAndGet();
    queue.add(event);
  }

  @Override
  public void onError(Throwable error) {
    fail(
        new UnavailableException(
            "watch stream from " + source + " broke: " + error.getMessage(), error));
  }

  @Override
  public void onComplete() {
    fail(new UnavailableException("watch stream from " + source + " ended"));
  }

  private synchronized boolean ended() {
    return failure != null;
  }

  /** Ends the watch with {@code cause}, once; later causes are ignored. */
  synchronized void fail(KnactorException cause) {
    if (failure != null) {
      return;
    }
    failure = cause;
    queue.add(END);
    Flow.Subscription current = subscription;
    if (current != null) {
      current.cancel();
    }
  }

  private synchronized KnactorException failure() {
    return failure;
  }

  @Override
  public WatchEvent poll(Duration timeout) throws InterruptedException {
    if (closed) {
      throw new UnavailableException("watch on " + source + " is closed");
    }
    Object item = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (item == null) {
      return null;
    }
    if (item == END) {
      queue.add(END);
      if (closed) {
        throw new UnavailableException("watch on " + source + " is closed");
      }
      throw failure();
    }
    queued.decrementAndGet();
    return (WatchEvent) item;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    fail(new UnavailableException("watch on " + source + " is closed"));
    onClose.accept(this);
  }
}
