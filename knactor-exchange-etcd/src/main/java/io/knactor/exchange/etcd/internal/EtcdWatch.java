package io.knactor.exchange.etcd.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.ExpiredException;
import io.knactor.core.error.KnactorException;
import io.knactor.core.error.UnavailableException;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.model.ObjectKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A watch on etcd: one etcd watch stream over every history entry of the exchange, from the first
 * revision after the requested version, read by a daemon thread that filters by store and kind and
 * fills a bounded queue. Every history entry carries its exchange version, so the thread checks
 * that versions arrive consecutively, skips those already delivered, and when a member fails
 * resumes on another member from the last revision it read, without gap or duplicate.
 *
 * <p>{@link #poll} from one thread at a time; {@link #close} from any thread.
 */
public final class EtcdWatch implements Watch {
  private final WatchRequest request;
  private final EtcdClient client;
  private final Layout layout;
  private final EventQueue queue;
  private final String description;
  private final Consumer<EtcdWatch> onEnd;
  private final Thread reader;
  private volatile InputStream stream;
  private long delivered;
  private long resumeRevision;

  /**
   * Starts watching; {@code startRevision} is the first etcd revision that may hold a change after
   * {@code request.fromVersion()}.
   */
  public EtcdWatch(
      WatchRequest request,
      long startRevision,
      EtcdClient client,
      Layout layout,
      Consumer<EtcdWatch> onEnd) {
    this.request = request;
    this.client = client;
    this.layout = layout;
    this.description = request.describe();
    this.queue = new EventQueue(request.queueCapacity(), description);
    this.onEnd = onEnd;
    this.delivered = request.fromVersion();
    this.resumeRevision = startRevision;
    this.reader = new Thread(this::run, "knactor-etcd-watch");
    this.reader.setDaemon(true);
  }

  public void start() {
    reader.start();
  }

  public String description() {
    return description;
  }

  @Override
  public WatchEvent poll(Duration timeout) throws InterruptedException {
    return queue.poll(timeout);
  }

  @Override
  public void close() {
    end(new UnavailableException(description + " is closed"));
  }

  /** Ends the watch with {@code reason}: the next poll throws it. */
  public void end(KnactorException reason) {
    queue.end(reason);
    closeStream();
    if (Thread.currentThread() != reader) {
      // A blocked read of the stream wakes on interruption.
      reader.interrupt();
    }
  }

  private void run() {
    try {
      while (!queue.ended()) {
        try {
          stream = client.openWatch(createRequest());
          if (!queue.ended()) {
            read(stream);
          }
        } catch (IOException e) {
          // The member went away or the stream broke: resume on the next member.
        } finally {
          closeStream();
        }
      }
    } catch (KnactorException e) {
      end(e);
    } catch (RuntimeException e) {
      end(new UnavailableException(description + " failed: " + e, e));
    } finally {
      onEnd.accept(this);
    }
  }

  private void read(InputStream in) throws IOException {
    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    while ((line = lines.readLine()) != null && !queue.ended()) {
      JsonNode message = EtcdClient.MAPPER.readTree(line);
      JsonNode result = message.path("result");
      if (message.has("error") || result.path("canceled").asBoolean(false)) {
        long compacted = result.path("compact_revision").asLong();
        String reason =
            message.has("error")
                ? message.path("error").asText()
                : result.path("cancel_reason").asText();
        if (compacted > 0 || reason.contains("compacted")) {
          throw Revisions.expired(request.fromVersion(), description);
        }
        return;
      }
      long revision = 0;
      for (JsonNode event : result.path("events")) {
        JsonNode kv = event.path("kv");
        revision = kv.path("mod_revision").asLong();
        ObjectKey key = layout.objectOfHistory(Layout.text(kv.path("key").asText()));
        deliver(Records.decodeEntry(key, Reader.value(kv)));
      }
      if (revision > 0) {
        resumeRevision = revision + 1;
      }
    }
  }

  private void deliver(Records.Entry entry) {
    if (entry.version() <= delivered) {
      return;
    }
    if (entry.version() != delivered + 1) {
      throw new ExpiredException(
          description
              + " missed the changes between resourceVersion "
              + delivered
              + " and "
              + entry.version()
              + "; list again and watch from the list's resourceVersion",
          "resourceVersion");
    }
    delivered = entry.version();
    if (request.matches(entry.key().store(), entry.key().kind())) {
      queue.add(entry.event());
    }
  }

  private ObjectNode createRequest() {
    ObjectNode create =
        Layout.range(layout.allHistory(), true).put("start_revision", resumeRevision);
    create.putArray("filters").add("NODELETE");
    ObjectNode body = EtcdClient.MAPPER.createObjectNode();
    body.set("create_request", create);
    return body;
  }

  private void closeStream() {
    InputStream current = stream;
    if (current != null) {
      try {
        current.close();
      } catch (IOException e) {
        // Closing is how the watch stops reading; a failure to close leaves nothing to do.
      }
    }
  }
}
