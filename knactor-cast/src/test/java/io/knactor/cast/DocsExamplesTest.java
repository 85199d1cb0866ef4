package io.knactor.cast;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.cast.check.CheckResult;
import io.knactor.cast.spec.CastSpecParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every complete Cast spec in docs/cast.md checks clean against the retail schemas. */
class DocsExamplesTest {
  private static final Pattern YAML = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL);

  @Test
  void everySpecInTheCastReferenceChecksClean() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "cast.md"));
    List<String> specs = new ArrayList<>();
    Matcher m = YAML.matcher(doc);
    while (m.find()) {
      if (m.group(1).startsWith("kind: Cast")) {
        specs.add(m.group(1));
      }
    }

    assertThat(specs).isNotEmpty();
    for (String spec : specs) {
      CheckResult result = Retail.checker().check(CastSpecParser.parse(spec, "docs/cast.md"));
      assertThat(result.issues()).as(spec).isEmpty();
    }
  }
}
