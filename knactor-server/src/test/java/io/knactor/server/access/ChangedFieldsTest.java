package io.knactor.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.core.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChangedFieldsTest {
  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{}                        | {}                         | ''",
        "{\"a\":1}                 | {\"a\":1}                  | ''",
        "{\"a\":1}                 | {\"a\":2}                  | a",
        "{}                        | {\"q\":{\"p\":1}}          | q.p",
        "{\"q\":{\"p\":1,\"c\":2}} | {\"q\":{\"p\":1,\"c\":3}}  | q.c",
        "{\"q\":\"s\"}             | {\"q\":{\"p\":1}}          | q",
        "{\"l\":[1,2]}             | {\"l\":[1,3]}              | l",
        "{\"a\":1,\"b\":null}      | {\"a\":1}                  | ''",
        "{\"a\":1,\"b\":2}         | null                       | a;b",
      })
  void reportsThePathsWhereDataDiffers(String before, String after, String expected) {
    var changed =
        ChangedFields.between(
            Json.parseObject(before, "before"),
            after.equals("null") ? null : Json.parseObject(after, "after"));

    assertThat(String.join(";", changed)).isEqualTo(expected);
  }
}
