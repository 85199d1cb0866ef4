package io.knactor.exchange.kafka;

import io.knactor.core.error.InvalidInputException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a {@link KafkaLogExchange} lives: the brokers to bootstrap from, and the namespace that
 * prefixes every topic and consumer group it uses, so several exchanges can share one cluster.
 *
 * @param bootstrapServers {@code host:port[,host:port]}
 * @param namespace prefix of the exchange's topics and groups, e.g. {@code knactor}
 * @param replicationFactor of the topics it creates; -1 takes the broker's default
 * @param memberTimeout how long a member of a subscriber's group ({@link KafkaLogExchange#join})
 *     may go without a heartbeat before its partitions go to the others (Kafka's {@code
 *     session.timeout.ms}; the broker allows 6 s to 30 min by default)
 */
public record KafkaLogOptions(
    String bootstrapServers, String namespace, short replicationFactor, Duration memberTimeout) {
  /** Namespaces are legal in Kafka topic names and leave room for the store's name. */
  public static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9._]{0,38}[a-z0-9])?");

  /** The default {@link #memberTimeout}. */
  public static final Duration MEMBER_TIMEOUT = Duration.ofSeconds(10);

  public KafkaLogOptions {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    if (bootstrapServers.isBlank()) {
      throw new InvalidInputException("bootstrap servers are required", "logs");
    }
    if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
      throw new InvalidInputException(
          "invalid namespace '" + namespace + "': must match " + NAMESPACE.pattern(), "namespace");
    }
    if (replicationFactor < 1 && replicationFactor != -1) {
      throw new InvalidInputException(
          "replicationFactor must be >= 1 or -1 (the broker's default), got " + replicationFactor,
          "replicationFactor");
    }
    if (memberTimeout == null
        || memberTimeout.toMillis() < 1
        || memberTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new InvalidInputException(
          "memberTimeout must be a positive number of milliseconds, got " + memberTimeout,
          "memberTimeout");
    }
  }

  public KafkaLogOptions(String bootstrapServers, String namespace, short replicationFactor) {
    this(bootstrapServers, namespace, replicationFactor, MEMBER_TIMEOUT);
  }

  /** The namespace {@code knactor} and the broker's default replication factor. */
  public static KafkaLogOptions of(String bootstrapServers) {
    return new KafkaLogOptions(bootstrapServers, "knactor", (short) -1);
  }

  public KafkaLogOptions withNamespace(String newNamespace) {
    return new KafkaLogOptions(bootstrapServers, newNamespace, replicationFactor, memberTimeout);
  }

  public KafkaLogOptions withReplicationFactor(short factor) {
    return new KafkaLogOptions(bootstrapServers, namespace, factor, memberTimeout);
  }

  public KafkaLogOptions withMemberTimeout(Duration timeout) {
    return new KafkaLogOptions(bootstrapServers, namespace, replicationFactor, timeout);
  }
}
