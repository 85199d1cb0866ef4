package io.knactor.server;

import io.knactor.cast.function.FunctionRegistry;
import io.knactor.core.error.InvalidInputException;
import io.knactor.server.registry.Tokens;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run a {@link KnactorServer}.
 *
 * @param dataDir where the server keeps its data; the default exchange lives in {@code
 *     dataDir/objects}
 * @param host the address to listen on; {@code 127.0.0.1} by default, {@code 0.0.0.0} for all
 * @param port the TCP port; 0 picks a free one (see {@link KnactorServer#port()})
 * @param adminToken the bearer token of the principal {@code admin}; at least 16 characters
 * @param objects the object exchange, by URI; {@code embedded:<dataDir>/objects} by default
 * @param watchBookmarkInterval how long a watch stream stays silent before a BOOKMARK keep-alive
 * @param functions the custom functions Cast specs may call, given by an embedding program; the
 *     server adds those of every {@link io.knactor.cast.function.CastFunctionProvider} on the class
 *     path (a function given here wins over a discovered one with the same signature)
 */
public record ServerConfig(
    Path dataDir,
    String host,
    int port,
    String adminToken,
    URI objects,
    Duration watchBookmarkInterval,
    FunctionRegistry functions) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final Duration DEFAULT_BOOKMARK_INTERVAL = Duration.ofSeconds(10);

  public ServerConfig {
    if (adminToken == null || adminToken.length() < Tokens.MIN_LENGTH) {
      throw new InvalidInputException(
          "the admin token needs at least " + Tokens.MIN_LENGTH + " characters", "adminToken");
    }
    if (port < 0 || port > 65535) {
      throw new InvalidInputException("port must be between 0 and 65535, got " + port, "port");
    }
    host = host == null ? DEFAULT_HOST : host;
    functions = functions == null ? FunctionRegistry.empty() : functions;
    watchBookmarkInterval =
        watchBookmarkInterval == null ? DEFAULT_BOOKMARK_INTERVAL : watchBookmarkInterval;
    if (objects == null) {
      if (dataDir == null) {
        throw new InvalidInputException(
            "a data directory is needed when no objects URI is given", "dataDir");
      }
      objects = embedded(dataDir.resolve("objects"));
    }
  }

  /** The URI of the embedded exchange in {@code dir}: {@code embedded:/abs/dir}. */
  public static URI embedded(Path dir) {
    try {
      return new URI("embedded", dir.toAbsolutePath().toString(), null);
    } catch (URISyntaxException e) {
      throw new InvalidInputException("cannot name directory " + dir + " as a URI", "dataDir", e);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ServerConfig}; only the admin token and a data dir (or objects) are needed. */
  public static final class Builder {
    private Path dataDir;
    private String host;
    private int port;
    private String adminToken;
    private URI objects;
    private Duration watchBookmarkInterval;
    private FunctionRegistry functions;

    private Builder() {}

    /** Custom functions for Cast specs, in addition to the discovered ones. */
    public Builder functions(FunctionRegistry functions) {
      this.functions = functions;
      return this;
    }

    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir);
      return this;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder adminToken(String adminToken) {
      this.adminToken = adminToken;
      return this;
    }

    public Builder objects(URI objects) {
      this.objects = objects;
      return this;
    }

    public Builder watchBookmarkInterval(Duration interval) {
      this.watchBookmarkInterval = interval;
      return this;
    }

    public ServerConfig build() {
      return new ServerConfig(
          dataDir, host, port, adminToken, objects, watchBookmarkInterval, functions);
    }
  }
}
