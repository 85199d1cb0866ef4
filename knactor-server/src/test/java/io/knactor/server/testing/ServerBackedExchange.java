package io.knactor.server.testing;

import io.knactor.core.exchange.ForwardingObjectExchange;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.exchange.embedded.EmbeddedObjectExchange;
import io.knactor.exchange.embedded.EmbeddedOptions;
import io.knactor.server.KnactorServer;
import io.knactor.server.ServerConfig;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A connection to a server that owns the server: closing it closes the connection, then the server
 * and its exchange. For running the conformance suite through the server.
 */
public final class ServerBackedExchange extends ForwardingObjectExchange {
  private final KnactorServer server;
  private final ObjectExchange backend;

  private ServerBackedExchange(
      KnactorServer server, ObjectExchange backend, ObjectExchange connection) {
    super(connection);
    this.server = server;
    this.backend = backend;
  }

  /**
   * Starts a server on {@code dir} over an embedded exchange with {@code options}, and connects to
   * it with {@code connect}.
   */
  public static ServerBackedExchange start(
      Path dir, EmbeddedOptions options, Function<KnactorServer, ObjectExchange> connect) {
    return start(dir, EmbeddedObjectExchange.open(dir.resolve("objects"), options), connect);
  }

  /**
   * Starts a server on {@code dir} over {@code backend}, and connects to it with {@code connect}.
   */
  public static ServerBackedExchange start(
      Path dir, ObjectExchange backend, Function<KnactorServer, ObjectExchange> connect) {
    KnactorServer server =
        KnactorServer.start(
            ServerConfig.builder().dataDir(dir).adminToken(TestServers.ADMIN_TOKEN).build(),
            backend);
    return new ServerBackedExchange(server, backend, connect.apply(server));
  }

  /** The exchange behind the server, for what the API does not offer (trimming the change log). */
  public ObjectExchange backend() {
    return backend;
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      server.close();
    }
  }
}
