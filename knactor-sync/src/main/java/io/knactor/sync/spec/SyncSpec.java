package io.knactor.sync.spec;

import io.knactor.cast.spec.InputDecl;
import java.util.List;
import java.util.Map;

/**
 * A parsed Sync spec: the stores it names by alias and its flows, in file order. Shape only: the
 * checker resolves stores, kinds, fields and expressions.
 *
 * @param file the name the spec was parsed under, used in every error
 * @param text the YAML it was parsed from
 * @param historyLimit how many revisions a server keeps ({@code revisionHistoryLimit:}, default
 *     {@value io.knactor.cast.spec.CastSpec#DEFAULT_HISTORY_LIMIT}, as for a Cast)
 */
public record SyncSpec(
    String file,
    String name,
    Map<String, InputDecl> inputs,
    List<FlowDecl> flows,
    String text,
    int historyLimit) {
  public SyncSpec {
    inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
    flows = List.copyOf(flows);
  }
}
