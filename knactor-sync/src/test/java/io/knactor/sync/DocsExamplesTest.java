package io.knactor.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.cast.check.SchemaCatalog;
import io.knactor.core.json.Json;
import io.knactor.core.schema.Schema;
import io.knactor.core.schema.SchemaParser;
import io.knactor.sync.check.SyncCheckResult;
import io.knactor.sync.check.SyncChecker;
import io.knactor.sync.exec.Emission;
import io.knactor.sync.exec.SyncTestDriver;
import io.knactor.sync.operator.OperatorRegistry;
import io.knactor.sync.operator.SyncRecord;
import io.knactor.sync.spec.Durations;
import io.knactor.sync.spec.SyncSpecParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every example in docs/sync.md: the schemas are registered, each spec checks clean, and each spec
 * fed its {@code input} records emits exactly its {@code output}.
 */
class DocsExamplesTest {
  private static final Pattern BLOCK =
      Pattern.compile("```(\\w+)( \\w+)?\n(.*?)```", Pattern.DOTALL);

  private record Block(String language, String role, String text) {}

  private static List<Block> blocks() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "sync.md"));
    List<Block> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(doc);
    while (m.find()) {
      out.add(new Block(m.group(1), m.group(2) == null ? "" : m.group(2).strip(), m.group(3)));
    }
    return out;
  }

  @Test
  void everyExampleChecksAndEmitsWhatTheReferenceShows() throws IOException {
    List<Block> blocks = blocks();
    List<Schema> schemas = new ArrayList<>();
    blocks.stream()
        .filter(b -> b.language().equals("schema"))
        .forEach(b -> schemas.add(SchemaParser.parse(b.text())));
    SyncChecker checker = new SyncChecker(SchemaCatalog.of(schemas), OperatorRegistry.load());

    int specs = 0;
    int runs = 0;
    SyncTestDriver driver = null;
    List<String> input = List.of();
    for (Block block : blocks) {
      if (block.language().equals("yaml") && block.text().startsWith("kind: Sync")) {
        SyncCheckResult result = checker.check(SyncSpecParser.parse(block.text(), "docs/sync.md"));
        assertThat(result.issues()).as(block.text()).isEmpty();
        driver = new SyncTestDriver(result.orThrow());
        specs++;
      } else if (block.role().equals("input")) {
        input = block.text().lines().toList();
      } else if (block.role().equals("output")) {
        for (String line : input) {
          ObjectNode record = Json.parseObject(line, "input");
          if (record.has("advanceWallClock")) {
            driver.advanceWallClock(
                Duration.ofMillis(Durations.parseMillis(record.get("advanceWallClock").asText())));
            continue;
          }
          driver.pipe(
              record.get("from").asText(),
              new SyncRecord(
                  record.get("key").asText(),
                  record.get("time").asLong(),
                  (ObjectNode) record.get("value")));
        }
        List<JsonNode> expected =
            block.text().lines().<JsonNode>map(l -> Json.parseObject(l, "output")).toList();
        assertThat(driver.emissions().stream().map(DocsExamplesTest::json).toList())
            .as("the output of the example with input %s", input)
            .isEqualTo(expected);
        runs++;
      }
    }
    assertThat(specs).isGreaterThanOrEqualTo(11);
    assertThat(runs).isEqualTo(specs);
  }

  private static JsonNode json(Emission emission) {
    ObjectNode out = Json.object();
    out.put("flow", emission.flow());
    out.put(
        "mode", emission.destination().mode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    out.put("key", emission.record().key());
    out.put("time", emission.record().time());
    out.set("value", emission.record().value());
    return Json.parseObject(out.toString(), "emission");
  }
}
