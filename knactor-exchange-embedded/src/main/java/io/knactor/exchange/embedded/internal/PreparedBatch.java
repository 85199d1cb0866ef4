package io.knactor.exchange.embedded.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.json.DocumentLimits;
import io.knactor.core.json.Json;
import io.knactor.core.model.Names;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch checked and serialized on the caller's thread, so the single writer only validates
 * against current state: labels are valid, data is within the depth limit, full documents are
 * within the size limit and already serialized, and data is a private canonical copy (parsed back
 * from its bytes) that the caller can no longer change and that equals what a later read returns.
 */
public record PreparedBatch(String principal, List<Prepared> writes, long bytes) {

  /** One write with its private data and, for CREATE, REPLACE and UPSERT, its serialized form. */
  public record Prepared(Write write, byte[] keyBytes, ObjectNode data, byte[] dataBytes) {}

  /**
   * @throws InvalidInputException when a label is invalid or a document breaks the limits
   */
  public static PreparedBatch of(WriteBatch batch) {
    List<Prepared> prepared = new ArrayList<>(batch.writes().size());
    long bytes = 0;
    for (Write write : batch.writes()) {
      Prepared one = prepare(write);
      prepared.add(one);
      bytes += one.keyBytes().length + (one.dataBytes() == null ? 0 : one.dataBytes().length);
    }
    return new PreparedBatch(batch.principal(), prepared, bytes);
  }

  private static Prepared prepare(Write write) {
    String object = "object " + write.key();
    if (write.labels() != null) {
      Names.requireLabels(write.labels(), object);
    }
    byte[] keyBytes = Keys.object(write.key());
    if (write.data() == null) {
      return new Prepared(write, keyBytes, null, null);
    }
    boolean patch = write.op() == Write.Op.PATCH || write.op() == Write.Op.PATCH_OR_CREATE;
    DocumentLimits.checkDepth(write.data(), patch ? "merge patch for " + object : object);
    byte[] bytes = Json.write(write.data());
    if (!patch) {
      DocumentLimits.checkSize(bytes.length, object);
    }
    ObjectNode data = Codec.parseData(bytes, 0, bytes.length);
    return new Prepared(write, keyBytes, data, patch ? null : bytes);
  }
}
