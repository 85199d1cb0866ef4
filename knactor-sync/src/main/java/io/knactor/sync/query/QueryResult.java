package io.knactor.sync.query;

import io.knactor.sync.operator.SyncRecord;
import java.util.List;

/**
 * What a query returned.
 *
 * @param rows the pipeline's output records, partition by partition, each in emission order
 * @param scanned how many stored records the pipeline ran over
 * @param dropped how many records a step rejected (late for a closed window, or an expression that
 *     failed on them)
 */
public record QueryResult(List<Row> rows, long scanned, long dropped) {
  public QueryResult {
    rows = List.copyOf(rows);
  }

  /** One output record and the partition of the stored records it came from. */
  public record Row(int partition, SyncRecord record) {}
}
