package io.knactor.sync.plan;

import java.util.List;

/**
 * The end of a flow: where its records go.
 *
 * @param objectName for a fold into one fixed object; null folds by record key (and for appends)
 * @param fields the fields the records reaching the sink may have, as the checker followed them
 *     through the pipeline; empty when unknown (a user operator that does not declare its output)
 *     and for dead letters
 */
public record FlowSink(
    String flow, Destination destination, String objectName, List<String> fields) {
  public FlowSink {
    fields = List.copyOf(fields);
  }
}
