package io.knactor.exchange.etcd.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Where an exchange keeps what in etcd's key space, under its prefix {@code P}:
 *
 * <ul>
 *   <li>{@code P/version}: the exchange version, the last version committed;
 *   <li>{@code P/o/<store>/<kind>/<name>}: an object's current state;
 *   <li>{@code P/h/<store>/<kind>/<name>/<version, 20 digits>}: one retained version of an object,
 *       which is also the change a watch delivers.
 * </ul>
 *
 * Names never hold {@code /}, so byte order within a store is kind, then name; and zero-padded
 * versions sort numerically.
 */
public final class Layout {
  private static final Base64.Encoder B64 = Base64.getEncoder();

  private final String prefix;

  public Layout(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  public String counter() {
    return prefix + "/version";
  }

  public String object(ObjectKey key) {
    return prefix + "/o/" + key;
  }

  public String objects(StoreRef store, String kind) {
    return prefix + "/o/" + store + "/" + (kind == null ? "" : kind + "/");
  }

  public String history(ObjectKey key) {
    return prefix + "/h/" + key + "/";
  }

  public String history(ObjectKey key, long version) {
    return history(key) + String.format("%020d", version);
  }

  public String allHistory() {
    return prefix + "/h/";
  }

  /** The object key of a history key, read back from its path. */
  public ObjectKey objectOfHistory(String historyKey) {
    String[] parts = historyKey.substring(allHistory().length()).split("/");
    StoreRef store = StoreRef.parse(String.join("/", Arrays.copyOfRange(parts, 0, 4)));
    return new ObjectKey(store, parts[4], parts[5]);
  }

  /** The first key after every key starting with {@code prefix}: etcd's range end of a prefix. */
  public static String rangeEnd(String prefix) {
    byte[] bytes = prefix.getBytes(StandardCharsets.UTF_8);
    bytes[bytes.length - 1]++;
    return new String(bytes, StandardCharsets.UTF_8);
  }

  public static String b64(String text) {
    return B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  public static String b64(byte[] bytes) {
    return B64.encodeToString(bytes);
  }

  public static String text(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  public static byte[] bytes(String base64) {
    return Base64.getDecoder().decode(base64);
  }

  /**
   * A txn whose success branch the caller fills, applied only if the counter's mod revision is
   * still {@code modRevision}: no commit came since it was read.
   */
  public ObjectNode txnIfCounterAt(long modRevision) {
    ObjectNode txn = EtcdClient.MAPPER.createObjectNode();
    txn.putArray("compare")
        .addObject()
        .put("key", b64(counter()))
        .put("target", "MOD")
        .put("result", "EQUAL")
        .put("mod_revision", modRevision);
    return txn;
  }

  /** A range request body over one key, or over a prefix when {@code prefix} is true. */
  public static ObjectNode range(String key, boolean prefix) {
    ObjectNode range = EtcdClient.MAPPER.createObjectNode().put("key", b64(key));
    if (prefix) {
      range.put("range_end", b64(rangeEnd(key)));
    }
    return range;
  }
}
