package io.knactor.exchange.kafka.internal;

import io.knactor.core.model.StoreRef;

/**
 * The names of an exchange's topics and groups. A log store {@code App/v1/Type/instance} is the
 * topic {@code NAMESPACE.log.App.v1.Type.instance} ('/' becomes '.', which no part before the
 * instance contains, so the name is unambiguous); a subscriber is the consumer group {@code
 * NAMESPACE.sub.SUBSCRIBER}.
 */
public record TopicNames(String namespace) {
  public String log(StoreRef store) {
    return namespace + ".log." + store.toString().replace('/', '.');
  }

  public String group(String subscriber) {
    return namespace + ".sub." + subscriber;
  }

  /**
   * The consumer group whose members share a subscriber's partitions ({@code LogExchange.join});
   * apart from {@link #group}, which holds the offsets and has no members.
   */
  public String members(String subscriber) {
    return namespace + ".members." + subscriber;
  }

  /** Store specs, keyed by store name. */
  public String stores() {
    return namespace + ".meta.stores";
  }

  /** Partition claims; a claim's epoch is the offset of its record here. */
  public String claims() {
    return namespace + ".meta.claims";
  }

  /** Subscribers' keyed state, written only in transactions. */
  public String state() {
    return namespace + ".meta.state";
  }

  /**
   * The transactional id of a subscriber's claim of one partition: each claim initializes a
   * producer with it, which fences the producer of every earlier claim of the partition.
   */
  public String claimTransactionalId(String subscriber, StoreRef store, int partition) {
    return namespace + ".claim." + store + "|" + partition + "|" + subscriber;
  }

  /** The common prefix of the claim transactional ids of {@code store}'s partitions. */
  public String claimTransactionalIdPrefix(StoreRef store) {
    return namespace + ".claim." + store + "|";
  }

  /** The transactional id of one exchange instance's transactions. */
  public String transactionalId(String instance) {
    return namespace + ".tx." + instance;
  }
}
