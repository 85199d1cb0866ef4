package io.knactor.server.http;

import io.knactor.core.error.KnactorException;
import io.knactor.core.exchange.Watch;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.sdk.http.ObjectCodec;
import io.knactor.sdk.http.StatusCodec;
import io.knactor.sdk.http.WireJson;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * Serves one watch as a chunked stream of JSON lines (docs/api.md): each event as soon as it is
 * polled, events already queued flushed together, a BOOKMARK line after {@code bookmarkInterval}
 * without events (which also notices a client that went away), and a final ERROR line with a Status
 * when the watch fails (410 expired, 429 overflow, 503 shutting down). Runs on the request's thread
 * until the watch ends or the client disconnects; always closes the watch.
 */
final class WatchStream {
  private static final byte[] NEWLINE = {'\n'};
  private static final int MAX_EVENTS_PER_FLUSH = 512;

  private final Duration bookmarkInterval;

  WatchStream(Duration bookmarkInterval) {
    this.bookmarkInterval = bookmarkInterval;
  }

  int serve(ApiRequest request, Watch watch, long fromVersion) {
    try (watch;
        OutputStream out = request.startStream("application/json")) {
      out.flush();
      long last = fromVersion;
      try {
        while (true) {
          WatchEvent event = watch.poll(bookmarkInterval);
          if (event == null) {
            line(out, WireJson.write(ObjectCodec.encodeBookmark(last)));
          }
          int sent = 0;
          while (event != null) {
            line(out, WireJson.write(ObjectCodec.encodeEvent(event)));
            last = event.resourceVersion();
            event = ++sent < MAX_EVENTS_PER_FLUSH ? watch.poll(Duration.ZERO) : null;
          }
          out.flush();
        }
      } catch (KnactorException e) {
        line(out, WireJson.write(ObjectCodec.encodeError(StatusCodec.encode(e))));
        out.flush();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } catch (IOException e) {
      // The client closed the stream: the normal way a watch ends.
    }
    return 200;
  }

  private static void line(OutputStream out, byte[] json) throws IOException {
    out.write(json);
    out.write(NEWLINE);
  }
}
