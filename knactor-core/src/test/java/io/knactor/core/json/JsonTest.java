package io.knactor.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void mergePatchFollowsRfc7386() {
    var target = Json.parseObject("{\"a\":\"b\",\"c\":{\"d\":\"e\",\"f\":\"g\"}}", "t");
    var patch = Json.parseObject("{\"a\":\"z\",\"c\":{\"f\":null},\"n\":[1]}", "t");

    var result = JsonMergePatch.apply(target, patch);

    assertThat(Json.toString(result)).isEqualTo("{\"a\":\"z\",\"c\":{\"d\":\"e\"},\"n\":[1]}");
    assertThat(Json.toString(target)).isEqualTo("{\"a\":\"b\",\"c\":{\"d\":\"e\",\"f\":\"g\"}}");
  }

  @Test
  void malformedJsonNamesLineAndColumn() {
    assertThatThrownBy(() -> Json.parseObject("{\n  \"a\": tru }", "request body"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("malformed JSON in request body at line 2, column");
  }

  @Test
  void nonObjectIsRefused() {
    assertThatThrownBy(() -> Json.parseObject("[1,2]", "request body"))
        .hasMessage("request body must be a JSON object, got ARRAY");
  }

  @Test
  void deepDocumentsAreRefused() {
    String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
    assertThatThrownBy(() -> Json.parseObject(deep, "request body"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("request body");
    var ok = Json.parseObject("{\"a\":".repeat(20) + "1" + "}".repeat(20), "t");
    DocumentLimits.checkDepth(ok, "t");
    var tooDeep = Json.object();
    var cursor = tooDeep;
    for (int i = 0; i < DocumentLimits.MAX_DEPTH; i++) {
      cursor = cursor.putObject("x");
    }
    var finalTree = tooDeep;
    assertThatThrownBy(() -> DocumentLimits.checkDepth(finalTree, "object o-1"))
        .hasMessage("object o-1 nests deeper than 32 levels");
  }
}
