package io.knactor.cast.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.core.json.Json;
import io.knactor.core.json.JsonMergePatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonValuesTest {
  @ParameterizedTest(name = "{0} same as {1}: {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"v":1200}           | {"v":1200.0}        | true
          {"v":1}              | {"v":2}             | false
          {"v":null}           | {}                  | true
          {"v":{"a":null}}     | {"v":{}}            | true
          {"v":[1,null]}       | {"v":[1]}           | false
          {"v":[1,2]}          | {"v":[1.0,2]}       | true
          {"v":"1"}            | {"v":1}             | false
          """)
  void comparesAsACastSeesValues(String a, String b, boolean same) {
    assertThat(JsonValues.same(json(a).get("v"), json(b).get("v"))).isEqualTo(same);
  }

  @Test
  void mergeValueReplacesAnObjectInsteadOfMergingIntoIt() {
    JsonNode current = json("{\"street\":\"Main\",\"apt\":\"4\",\"zip\":\"1\"}");
    JsonNode target = json("{\"street\":\"Elm\",\"zip\":\"1\"}");

    JsonNode patch = JsonValues.mergeValue(current, target);

    assertThat(Json.toString(patch)).isEqualTo("{\"apt\":null,\"street\":\"Elm\"}");
    assertThat(
            JsonMergePatch.apply(
                Json.parseObject(Json.toString(current), "t"),
                (com.fasterxml.jackson.databind.node.ObjectNode) patch))
        .isEqualTo(target);
  }

  @Test
  void changedPathsGoDownToTheFirstNonObject() {
    assertThat(
            JsonValues.changedPaths(
                json("{\"a\":1,\"q\":{\"p\":1,\"c\":\"USD\"},\"l\":[1]}"),
                json("{\"a\":1,\"q\":{\"p\":2,\"c\":\"USD\"},\"l\":[1,2],\"n\":true}")))
        .containsExactly("l", "n", "q.p");
  }

  private static JsonNode json(String text) {
    return Json.parseObject(text, "test");
  }
}
