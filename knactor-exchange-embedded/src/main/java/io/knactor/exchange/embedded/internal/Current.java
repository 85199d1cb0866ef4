package io.knactor.exchange.embedded.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.util.Map;

/**
 * The current state of one object as the writer sees it: its version, labels and serialized data,
 * the data parsed only when needed (a PATCH, a DELETE, a read). Confined to one thread.
 */
public final class Current {
  private final long version;
  private final Map<String, String> labels;
  private final byte[] dataBytes;
  private ObjectNode data;

  public Current(long version, Map<String, String> labels, byte[] dataBytes) {
    this(version, labels, dataBytes, null);
  }

  public Current(long version, Map<String, String> labels, byte[] dataBytes, ObjectNode data) {
    this.version = version;
    this.labels = Map.copyOf(labels);
    this.dataBytes = dataBytes;
    this.data = data;
  }

  public long version() {
    return version;
  }

  public Map<String, String> labels() {
    return labels;
  }

  public byte[] dataBytes() {
    return dataBytes;
  }

  public ObjectNode data() {
    if (data == null) {
      data = Codec.parseData(dataBytes, 0, dataBytes.length);
    }
    return data;
  }

  /**
   * This state with a private copy of the parsed data, when parsed: for keeping while the data this
   * one holds is handed out (a copy of a tree's containers costs less than parsing its bytes).
   */
  Current withPrivateData() {
    return new Current(version, labels, dataBytes, data == null ? null : data.deepCopy());
  }

  public StoredObject toObject(ObjectKey key) {
    return new StoredObject(key, labels, version, data());
  }
}
