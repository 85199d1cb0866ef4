package io.knactor.cast.spec;

import java.util.List;

/** One target of {@code dxg:}, such as {@code C.order}, with its rules in spec order. */
public record TargetDecl(KindRef kind, Location location, List<RuleDecl> rules) {
  public TargetDecl {
    rules = List.copyOf(rules);
  }
}
