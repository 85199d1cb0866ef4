package io.knactor.exchange.redis.internal;

import io.knactor.core.error.UnavailableException;
import io.knactor.exchange.redis.RedisOptions;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Lettuce clients of one exchange. Commands share one pipelined connection that, while Redis is
 * unreachable, fails at once rather than queueing (the caller gets UnavailableException). Each
 * watch gets a connection of its own that queues while disconnected, so a pending {@code XREAD} is
 * re-sent after Redis comes back and the watch continues where it was. Both reconnect on their own,
 * retrying every few hundred milliseconds.
 */
public final class Connections {
  /** The function library, loaded (replacing an older copy) whenever an exchange opens. */
  public static final String LIBRARY = library();

  private final ClientResources resources;
  private final RedisClient commandClient;
  private final RedisClient watchClient;
  private final StatefulRedisConnection<String, String> commands;

  private Connections(
      ClientResources resources,
      RedisClient commandClient,
      RedisClient watchClient,
      StatefulRedisConnection<String, String> commands) {
    this.resources = resources;
    this.commandClient = commandClient;
    this.watchClient = watchClient;
    this.commands = commands;
  }

  /**
   * Connects and loads {@link #LIBRARY}.
   *
   * @throws UnavailableException naming the server when it cannot be reached or has no Functions
   */
  public static Connections open(RedisOptions options) {
    ClientResources resources =
        DefaultClientResources.builder()
            .ioThreadPoolSize(2)
            .computationThreadPoolSize(2)
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(20), Duration.ofMillis(500), 2, TimeUnit.MILLISECONDS))
            .build();
    RedisURI uri =
        RedisURI.builder()
            .withHost(options.host())
            .withPort(options.port())
            .withDatabase(options.database())
            .withTimeout(options.timeout())
            .build();
    RedisClient commandClient = RedisClient.create(resources, uri);
    commandClient.setOptions(
        clientOptions(
            options,
            ClientOptions.DisconnectedBehavior.REJECT_COMMANDS,
            TimeoutOptions.enabled(options.timeout())));
    // A watch's read waits through an outage; its XREAD BLOCK returns every 2 s while connected.
    RedisClient watchClient = RedisClient.create(resources, uri);
    watchClient.setOptions(
        clientOptions(
            options, ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS, TimeoutOptions.create()));
    String server = options.host() + ":" + options.port();
    StatefulRedisConnection<String, String> commands;
    try {
      commands = commandClient.connect(StringCodec.UTF8);
    } catch (RedisException e) {
      shutdown(resources, commandClient, watchClient);
      throw new UnavailableException(
          "cannot reach Redis at " + server + ": " + rootMessage(e), "objects", e);
    }
    try {
      commands.sync().functionLoad(LIBRARY, true);
    } catch (RedisException e) {
      commands.close();
      shutdown(resources, commandClient, watchClient);
      throw new UnavailableException(
          "cannot load the knactor function library into Redis at "
              + server
              + " (Redis 7 or later is needed): "
              + rootMessage(e),
          "objects",
          e);
    }
    return new Connections(resources, commandClient, watchClient, commands);
  }

  /** The shared connection for commands. */
  public StatefulRedisConnection<String, String> commands() {
    return commands;
  }

  /** A new connection for one watch; the watch closes it. */
  public StatefulRedisConnection<String, String> watch() {
    return watchClient.connect(StringCodec.UTF8);
  }

  public void close() {
    commands.close();
    shutdown(resources, commandClient, watchClient);
  }

  private static ClientOptions clientOptions(
      RedisOptions options,
      ClientOptions.DisconnectedBehavior whenDisconnected,
      TimeoutOptions timeouts) {
    return ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(whenDisconnected)
        .socketOptions(SocketOptions.builder().connectTimeout(options.timeout()).build())
        .timeoutOptions(timeouts)
        .build();
  }

  private static void shutdown(ClientResources resources, RedisClient... clients) {
    for (RedisClient client : clients) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  private static String library() {
    try (InputStream in =
        Connections.class.getResourceAsStream("/io/knactor/exchange/redis/knactor.lua")) {
      if (in == null) {
        throw new IllegalStateException("knactor.lua is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read knactor.lua", e);
    }
  }
}
