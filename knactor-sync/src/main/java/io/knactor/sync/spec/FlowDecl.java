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
 * @param idleTimeout milliseconds without a record after which a partition of the source counts as
 *     idle and its watermark advances by the wall clock (see docs/sync.md); 0 for never
 */
public record FlowDecl(
    String name,
    Location location,
    StreamDecl from,
    List<OperatorDecl> pipeline,
    SinkDecl sink,
    StreamDecl deadLetter,
    long idleTimeout) {
  public FlowDecl {
    pipeline = List.copyOf(pipeline);
  }

  /** A flow without an idle timeout. */
  public FlowDecl(
      String name,
      Location location,
      StreamDecl from,
      List<OperatorDecl> pipeline,
      SinkDecl sink,
      StreamDecl deadLetter) {
    this(name, location, from, pipeline, sink, deadLetter, 0);
  }
}
