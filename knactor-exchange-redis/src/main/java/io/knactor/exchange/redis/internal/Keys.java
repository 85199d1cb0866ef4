package io.knactor.exchange.redis.internal;

import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;

/**
 * The Redis key names of one exchange (see {@code knactor.lua} for what each holds). Every key
 * carries the hash tag {@code {prefix}}, so all keys of an exchange hash to one cluster slot and a
 * Redis Function may touch any of them.
 */
public final class Keys {
  private final String tag;

  public Keys(String prefix) {
    this.tag = "{" + prefix + "}:";
  }

  public String version() {
    return tag + "version";
  }

  public String floor() {
    return tag + "floor";
  }

  public String changes() {
    return tag + "changes";
  }

  /** The stream of one store's changes, each with the version of the store's previous change. */
  public String changes(StoreRef store) {
    return tag + "changes:" + store;
  }

  /** The version after which every change is in its store's stream as well. */
  public String since() {
    return tag + "since";
  }

  /** A hash of the installed push-down plans, by integrator. */
  public String pushdown() {
    return tag + "pushdown";
  }

  public String objects(StoreRef store) {
    return tag + "objects:" + store;
  }

  public String history(ObjectKey key) {
    return tag + "history:" + key;
  }

  /** Remembers a commit's reply, so that a command Lettuce re-sends after a reconnect runs once. */
  public String commit(String id) {
    return tag + "commit:" + id;
  }

  /** The hash field of an object in its store's hash: {@code kind/name}. */
  public static String field(ObjectKey key) {
    return key.kind() + "/" + key.name();
  }

  /** The stream entry id of a version: {@code <version>-0}. */
  public static String entryId(long version) {
    return version + "-0";
  }

  /** The version of a stream entry id. */
  public static long version(String entryId) {
    return Long.parseLong(entryId.substring(0, entryId.indexOf('-')));
  }
}
