package io.knactor.core.log;

import io.knactor.core.model.StoreRef;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The positions of appended records, one per record in the order they were given. */
public record AppendResult(StoreRef store, List<RecordPosition> positions) {
  public AppendResult {
    positions = List.copyOf(positions);
  }

  /** For each partition written, the offset of its last appended record. */
  public Map<Integer, Long> lastOffsets() {
    Map<Integer, Long> last = new TreeMap<>();
    for (RecordPosition position : positions) {
      last.merge(position.partition(), position.offset(), Math::max);
    }
    return last;
  }
}
