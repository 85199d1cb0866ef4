package io.knactor.exchange.kafka;

import io.knactor.core.error.InvalidInputException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a {@link KafkaLogExchange} lives: the brokers to bootstrap from, and the namespace that
 * prefixes every topic and consumer group it uses, so several exchanges can share one cluster.
 *
 * @param bootstrapServers {@code host:port[,host:port]}
 * @param namespace prefix of the exchange's topics and groups, e.g. {@code knactor}
 * @param replicationFactor of the topics it creates; -1 takes the broker's default
 */
public record KafkaLogOptions(String bootstrapServers, String namespace, short replicationFactor) {
  /** Namespaces are legal in Kafka topic names and leave room for the store's name. */
  public static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9._]{0,38}[a-z0-9])?");

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
  }

  /** The namespace {@code knactor} and the broker's default replication factor. */
  public static KafkaLogOptions of(String bootstrapServers) {
    return new KafkaLogOptions(bootstrapServers, "knactor", (short) -1);
  }

  public KafkaLogOptions withNamespace(String newNamespace) {
    return new KafkaLogOptions(bootstrapServers, newNamespace, replicationFactor);
  }

  public KafkaLogOptions withReplicationFactor(short factor) {
    return new KafkaLogOptions(bootstrapServers, namespace, factor);
  }
}
