package io.knactor.exchange.redis;

import io.knactor.core.error.InvalidInputException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Where a {@link RedisObjectExchange} lives and how it keeps its history.
 *
 * @param host the Redis server's host
 * @param port its port
 * @param database the logical database number (0 to 15 on a default server)
 * @param prefix names the exchange: every key is {@code {prefix}:...}, so several exchanges can
 *     share a server and each lives in one Redis Cluster slot
 * @param historyLimit how many of its latest versions each object's history keeps
 * @param changeLogRetention how many of the latest changes the change stream keeps for watches to
 *     resume from (it may hold up to 10% more before a commit trims it)
 * @param timeout how long a command may take before it fails with UnavailableException
 */
public record RedisOptions(
    String host,
    int port,
    int database,
    String prefix,
    int historyLimit,
    long changeLogRetention,
    Duration timeout) {
  public static final int DEFAULT_PORT = 6379;
  public static final String DEFAULT_PREFIX = "knactor";
  public static final int DEFAULT_HISTORY_LIMIT = 16;
  public static final long DEFAULT_CHANGE_LOG_RETENTION = 100_000;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  public RedisOptions {
    if (host == null || host.isBlank()) {
      throw new InvalidInputException("the Redis host is missing", "host");
    }
    if (port < 1 || port > 65535) {
      throw new InvalidInputException("the Redis port must be 1 to 65535, got " + port, "port");
    }
    if (database < 0) {
      throw new InvalidInputException(
          "the Redis database must be 0 or more, got " + database, "database");
    }
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new InvalidInputException(
          "invalid key prefix '" + prefix + "': must match " + PREFIX.pattern(), "prefix");
    }
    if (historyLimit < 1) {
      throw new InvalidInputException(
          "historyLimit must be at least 1, got " + historyLimit, "historyLimit");
    }
    if (changeLogRetention < 1) {
      throw new InvalidInputException(
          "changeLogRetention must be at least 1, got " + changeLogRetention, "changeLogRetention");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new InvalidInputException("timeout must be positive, got " + timeout, "timeout");
    }
  }

  /** Database 0, prefix {@code knactor}, 16 versions per object, 100,000 changes, 10 s timeout. */
  public static RedisOptions of(String host, int port) {
    return new RedisOptions(
        host,
        port,
        0,
        DEFAULT_PREFIX,
        DEFAULT_HISTORY_LIMIT,
        DEFAULT_CHANGE_LOG_RETENTION,
        DEFAULT_TIMEOUT);
  }

  public RedisOptions withDatabase(int database) {
    return new RedisOptions(
        host, port, database, prefix, historyLimit, changeLogRetention, timeout);
  }

  public RedisOptions withPrefix(String prefix) {
    return new RedisOptions(
        host, port, database, prefix, historyLimit, changeLogRetention, timeout);
  }

  public RedisOptions withHistoryLimit(int versions) {
    return new RedisOptions(host, port, database, prefix, versions, changeLogRetention, timeout);
  }

  public RedisOptions withChangeLogRetention(long changes) {
    return new RedisOptions(host, port, database, prefix, historyLimit, changes, timeout);
  }

  public RedisOptions withTimeout(Duration timeout) {
    return new RedisOptions(
        host, port, database, prefix, historyLimit, changeLogRetention, timeout);
  }

  /** {@code redis://host:port/database?prefix=...}, as the provider accepts it. */
  public String address() {
    return "redis://" + host + ":" + port + "/" + database + "?prefix=" + prefix;
  }
}
