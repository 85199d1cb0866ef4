package io.knactor.exchange.redis.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.KnactorException;
import io.knactor.core.exchange.EventType;
import io.knactor.core.exchange.ObjectRevision;
import io.knactor.core.exchange.WatchEvent;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes and decodes the values the Redis Function library stores: newline-separated fields, each
 * a number, a word or compact JSON (which never holds a raw newline). See {@code knactor.lua}.
 */
public final class Codec {
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

  private Codec() {}

  /** Compact JSON of a string map, keys sorted. */
  public static String strings(Map<String, String> map) {
    return json(new TreeMap<>(map));
  }

  /** Compact JSON of any value Jackson can write. */
  public static String json(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serializes", e);
    }
  }

  /** An object from its store's hash: {@code version \n labels \n data}. */
  public static StoredObject object(StoreRef store, String field, String value) {
    String[] parts = split(value, 3, field);
    return new StoredObject(
        key(store, field), labels(parts[1]), Long.parseLong(parts[0]), data(parts[2], field));
  }

  /**
   * A history entry: {@code version \n type \n millis \n principal \n labels \n annotations \n
   * data}.
   */
  public static ObjectRevision revision(String entry, String what) {
    String[] parts = split(entry, 7, what);
    try {
      return new ObjectRevision(
          Long.parseLong(parts[0]),
          EventType.valueOf(parts[1]),
          Json.MAPPER.readValue(parts[3], String.class),
          Instant.ofEpochMilli(Long.parseLong(parts[2])),
          labels(parts[4]),
          data(parts[6], what),
          Json.MAPPER.readValue(parts[5], STRING_MAP));
    } catch (JsonProcessingException e) {
      throw corrupt(what, e);
    }
  }

  /** A change stream entry {@code type \n store \n kind/name \n labels \n data} at a version. */
  public static WatchEvent event(long version, String entry) {
    String[] parts = split(entry, 5, "change " + version);
    StoreRef store = StoreRef.parse(parts[1]);
    ObjectKey key = key(store, parts[2]);
    return new WatchEvent(
        EventType.valueOf(parts[0]),
        new StoredObject(key, labels(parts[3]), version, data(parts[4], key.toString())));
  }

  /** The store of a change stream entry, read without decoding the rest. */
  public static StoreRef eventStore(String entry) {
    int first = entry.indexOf('\n');
    return StoreRef.parse(entry.substring(first + 1, entry.indexOf('\n', first + 1)));
  }

  /** The kind of a change stream entry, read without decoding the rest. */
  public static String eventKind(String entry) {
    int second = entry.indexOf('\n', entry.indexOf('\n') + 1);
    return entry.substring(second + 1, entry.indexOf('/', second + 1));
  }

  public static Map<String, String> labels(String json) {
    try {
      return Json.MAPPER.readValue(json, STRING_MAP);
    } catch (JsonProcessingException e) {
      throw corrupt("labels " + json, e);
    }
  }

  /** Parses stored data; it was checked before it was stored, so a failure means corruption. */
  public static ObjectNode data(String json, String what) {
    return Json.parseObject(json.getBytes(StandardCharsets.UTF_8), "stored data of " + what);
  }

  private static ObjectKey key(StoreRef store, String field) {
    int slash = field.indexOf('/');
    return new ObjectKey(store, field.substring(0, slash), field.substring(slash + 1));
  }

  /** Splits at the first {@code count - 1} newlines; the last part keeps any rest. */
  private static String[] split(String value, int count, String what) {
    String[] parts = new String[count];
    int start = 0;
    for (int i = 0; i < count - 1; i++) {
      int end = value.indexOf('\n', start);
      if (end < 0) {
        throw corrupt(what, null);
      }
      parts[i] = value.substring(start, end);
      start = end + 1;
    }
    parts[count - 1] = value.substring(start);
    return parts;
  }

  private static KnactorException corrupt(String what, Exception cause) {
    return new KnactorException("corrupt value in Redis for " + what, null, cause);
  }
}
