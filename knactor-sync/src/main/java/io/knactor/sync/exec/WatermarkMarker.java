package io.knactor.sync.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.log.LogPartitioner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The record a source partition appends to every partition of a repartition step's internal store
 * when its watermark advances: {@code {"$from": P, "$of": N, "$watermark": W}}, the source
 * partition, how many source partitions there are, and its watermark. A task reading the store
 * keeps the latest watermark of every source partition and uses the smallest, so records of a
 * slower source partition are not late. Field names starting with {@code $} are not valid record
 * fields, so a marker cannot be taken for a record. Thread-safe.
 */
public final class WatermarkMarker {
  static final String FROM = "$from";
  static final String OF = "$of";
  static final String WATERMARK = "$watermark";
  private static final ConcurrentMap<Integer, String[]> KEYS = new ConcurrentHashMap<>();

  private WatermarkMarker() {}

  /** The marker a task emits, before its store's partition count is known. */
  static ObjectNode of(int from, long watermark) {
    ObjectNode marker = JsonNodeFactory.instance.objectNode();
    marker.put(FROM, from);
    marker.put(WATERMARK, watermark);
    return marker;
  }

  /** The marker to append to a store of {@code partitions} partitions. */
  public static ObjectNode forPartitions(JsonNode marker, int partitions) {
    ObjectNode out = marker.deepCopy();
    out.put(OF, partitions);
    return out;
  }

  static boolean isMarker(JsonNode value) {
    return value.has(WATERMARK);
  }

  /**
   * A record key that {@link LogPartitioner} puts in {@code partition} of {@code partitions}: the
   * first of {@code watermark-0}, {@code watermark-1}, ... that lands there.
   */
  public static String keyFor(int partition, int partitions) {
    return KEYS.computeIfAbsent(partitions, WatermarkMarker::keys)[partition];
  }

  private static String[] keys(int partitions) {
    String[] keys = new String[partitions];
    int found = 0;
    for (int n = 0; found < partitions; n++) {
      String key = "watermark-" + n;
      int p = LogPartitioner.partition(key, partitions);
      if (keys[p] == null) {
        keys[p] = key;
        found++;
      }
    }
    return keys;
  }
}
