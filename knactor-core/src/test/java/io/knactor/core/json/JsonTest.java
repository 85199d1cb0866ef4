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

  @Test
  void writeGivesTheMappersBytesForEveryNodeKind() throws Exception {
    var nodes = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    var tree = Json.object();
    tree.put("text", "caf\u00e9 \"quoted\" \n \u2603 \ud83d\ude00");
    tree.put("int", -7).put("long", 1L << 40).put("double", 1.0e-7).put("whole", 3.0);
    tree.put("yes", true).putNull("nothing");
    tree.putArray("array").add(1).add("two").addNull().addArray();
    tree.putObject("empty");
    tree.putObject("nested").putObject("deeper").put("x", 0.5);
    var unusual = Json.object();
    unusual.put("decimal", new java.math.BigDecimal("1.50"));
    unusual.put("big", new java.math.BigInteger("123456789012345678901234567890"));
    unusual.put("float", 1.5f).put("short", (short) 3);
    unusual.put("binary", new byte[] {1, 2, 3});
    unusual.set("pojo", nodes.pojoNode(java.util.List.of("a", 1)));
    unusual.set("inArray", nodes.arrayNode().add(new java.math.BigDecimal("2.0")));

    for (var node : java.util.List.of(tree, unusual, nodes.arrayNode(), nodes.textNode("t"))) {
      assertThat(new String(Json.write(node), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo(new String(Json.MAPPER.writeValueAsBytes(node), "UTF-8"));
    }
  }

  @Test
  void parseObjectReadsAValueFramedInsideLargerBytes() {
    byte[] framed =
        "xx{\"a\":[1,{\"b\":\"c\"}]}yy".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    var value = Json.parseObject(framed, 2, framed.length - 4, "stored record");

    assertThat(Json.toString(value)).isEqualTo("{\"a\":[1,{\"b\":\"c\"}]}");
    assertThatThrownBy(() -> Json.parseObject(framed, 2, 5, "stored record"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("malformed JSON in stored record at line 1, column");
  }
}
