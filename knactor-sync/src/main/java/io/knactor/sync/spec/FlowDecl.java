package io.knactor.sync.spec;

import io.knactor.cast.spec.Location;
import java.util.List;

/**
 * One flow: records of {@code from} through {@code pipeline} into {@code sink}.
 *
 * @param sink null for the one flow of a query (see {@code io.knactor.sync.query.PipelineQuery}):
 *     its records go back to the caller
 * @param deadLetter where records the flow cannot place go (late for a window, or an expression
 *     that fails on them), with the reason; null drops them (they are counted)
 */
public record FlowDecl(
    String name,
    Location location,
    StreamDecl from,
    List<OperatorDecl> pipeline,
    SinkDecl sink,
    StreamDecl deadLetter) {
  public FlowDecl {
    pipeline = List.copyOf(pipeline);
  }
}
