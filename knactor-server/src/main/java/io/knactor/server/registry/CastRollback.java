package io.knactor.server.registry;

import io.knactor.cast.check.CheckResult;
import io.knactor.cast.spec.CastSpec;
import io.knactor.cast.spec.CastSpecParser;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.NotFoundException;
import io.knactor.core.error.SpecException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** Plans a rollback: a kept revision's spec, checked again, becomes the next revision. */
final class CastRollback {
  private CastRollback() {}

  static CastRecord plan(
      CastRecord cast, Long toRevision, CastCompiler compiler, RegistryState state) {
    CastRecord.Revision target = toRevision == null ? previous(cast) : kept(cast, toRevision);
    if (target.revision() == cast.current()) {
      throw new InvalidInputException(
          "cast '" + cast.name() + "' already runs revision " + target.revision(), "toRevision");
    }
    long revision = cast.latest() + 1;
    CastSpec spec = CastSpecParser.parse(target.source(), cast.name() + ".cast.yaml");
    CheckResult result = compiler.check(spec, revision, state);
    List<String> problems = CastCompiler.problems(spec, result, state);
    if (!problems.isEmpty()) {
      throw new SpecException(
          "revision "
              + target.revision()
              + " of cast '"
              + cast.name()
              + "' no longer checks; nothing changed:\n  "
              + String.join("\n  ", problems),
          "toRevision");
    }
    return cast.withRevision(
        new CastRecord.Revision(
            revision, target.source(), Instant.now(), "rollback to revision " + target.revision()),
        cast.historyLimit(),
        result.orThrow());
  }

  private static CastRecord.Revision previous(CastRecord cast) {
    CastRecord.Revision before = null;
    for (CastRecord.Revision r : cast.revisions()) {
      if (r.revision() == cast.current()) {
        break;
      }
      before = r;
    }
    if (before == null) {
      throw new NotFoundException(
          "cast '" + cast.name() + "' keeps no revision before " + cast.current(), "toRevision");
    }
    return before;
  }

  private static CastRecord.Revision kept(CastRecord cast, long number) {
    return cast.revision(number)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "revision "
                        + number
                        + " of cast '"
                        + cast.name()
                        + "' is not kept (kept: "
                        + cast.revisions().stream()
                            .map(r -> Long.toString(r.revision()))
                            .collect(Collectors.joining(", "))
                        + ")",
                    "toRevision"));
  }
}
