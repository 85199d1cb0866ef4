package io.knactor.cast.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed Cast spec: the typed model of its YAML, with the location of every key and expression.
 * It is well formed but not yet checked against schemas; {@code CastChecker} does that.
 *
 * @param file the name errors cite, e.g. {@code retail.cast.yaml}
 * @param inputs the {@code input:} aliases in spec order
 * @param targets the {@code dxg:} targets in spec order
 * @param singletons the {@code singletons:} entries in spec order
 * @param source the YAML text it was parsed from
 * @param historyLimit how many revisions a server keeps ({@code revisionHistoryLimit:}, default
 *     {@value #DEFAULT_HISTORY_LIMIT})
 */
public record CastSpec(
    String file,
    String name,
    Map<String, InputDecl> inputs,
    List<TargetDecl> targets,
    List<SingletonDecl> singletons,
    String source,
    int historyLimit) {
  public static final int DEFAULT_HISTORY_LIMIT = 10;
  public static final int MAX_HISTORY_LIMIT = 100;

  public CastSpec {
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    targets = List.copyOf(targets);
    singletons = List.copyOf(singletons);
  }

  /** Every rule of every target, in spec order. */
  public List<RuleDecl> rules() {
    return targets.stream().flatMap(t -> t.rules().stream()).toList();
  }
}
