package io.knactor.exchange.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The copy PreparedBatch makes instead of parsing equals what parsing the document's text gives.
 */
class CanonicalCopyTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectKey ORDER = ObjectKey.of("Shop/v1/Checkout/checkout-a", "Order", "a");

  @Property(tries = 300)
  void copyEqualsTheParsedTextAndSharesNoContainer(@ForAll long seed) {
    ObjectNode document = randomObject(new Random(seed), 0);
    byte[] text = Json.write(document);

    ObjectNode copy = CanonicalCopy.of(document);

    assertThat(copy).isNotNull().isEqualTo(Codec.parseData(text, 0, text.length));
    document.removeAll();
    assertThat(Json.write(copy)).isEqualTo(text);
  }

  @Test
  void integersAreNarrowedAsTheParserNarrowsThem() {
    ObjectNode document = Json.object();
    document.put("short", (short) 7);
    document.put("smallLong", 42L);
    document.put("long", 1L << 40);
    document.put("smallBig", BigInteger.valueOf(-5));
    document.put("longBig", BigInteger.valueOf(Long.MIN_VALUE));
    document.put("big", BigInteger.ONE.shiftLeft(70));
    byte[] text = Json.write(document);

    assertThat(CanonicalCopy.of(document)).isEqualTo(Codec.parseData(text, 0, text.length));
  }

  @Test
  void documentsWithNodesWhoseTextReadsBackDifferentlyAreParsedInstead() {
    ObjectNode withFloat = Json.object();
    withFloat.putArray("xs").add(0.1f);
    ObjectNode withDecimal = Json.object().put("d", new BigDecimal("1.50"));

    assertThat(CanonicalCopy.of(withFloat)).isNull();
    assertThat(CanonicalCopy.of(withDecimal)).isNull();
    for (ObjectNode document : new ObjectNode[] {withFloat, withDecimal}) {
      byte[] text = Json.write(document);
      PreparedBatch prepared = PreparedBatch.of(WriteBatch.of("p", Write.upsert(ORDER, document)));
      assertThat(prepared.writes().get(0).data()).isEqualTo(Codec.parseData(text, 0, text.length));
    }
  }

  private static ObjectNode randomObject(Random random, int depth) {
    ObjectNode object = NODES.objectNode();
    int fields = random.nextInt(depth == 0 ? 8 : 4);
    for (int i = 0; i < fields; i++) {
      object.set("f" + i + randomText(random), randomNode(random, depth + 1));
    }
    return object;
  }

  private static JsonNode randomNode(Random random, int depth) {
    int kind = random.nextInt(depth > 4 ? 10 : 12);
    return switch (kind) {
      case 0 -> NODES.textNode(randomText(random));
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2 -> NODES.nullNode();
      case 3 -> NODES.numberNode(random.nextInt());
      case 4 -> NODES.numberNode((long) random.nextInt(1000));
      case 5 -> NODES.numberNode(random.nextLong());
      case 6 -> NODES.numberNode(new BigInteger(random.nextInt(90) + 1, random));
      case 7 -> NODES.numberNode((short) random.nextInt(Short.MAX_VALUE));
      case 8 -> NODES.numberNode(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
      case 9 -> NODES.numberNode(-0.0);
      case 10 -> randomObject(random, depth);
      default -> randomArray(random, depth);
    };
  }

  private static ArrayNode randomArray(Random random, int depth) {
    ArrayNode array = NODES.arrayNode();
    int elements = random.nextInt(4);
    for (int i = 0; i < elements; i++) {
      array.add(randomNode(random, depth + 1));
    }
    return array;
  }

  private static String randomText(Random random) {
    String[] parts = {"", "a", "é", "\"", "\\", "\n", "😀", "日本", " "};
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(4); i > 0; i--) {
      text.append(parts[random.nextInt(parts.length)]);
    }
    return text.toString();
  }
}
