package io.knactor.core.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.SpecException;
import io.knactor.core.json.Json;
import org.junit.jupiter.api.Test;

class SchemaParserTest {
  static final String ORDER =
      """
      schema: OnlineRetail/v1/Checkout/Order
      items: array
        name: string
        quantity: integer
      address: string
      cost: number
      shippingCost: number # +kr: external
      totalCost: number
      currency: string
      paymentID: string # +kr: external
      trackingID: string # +kr: external
      quote:
        price: number # +kr: external
      """;

  @Test
  void parsesFigureFiveWithExternalMarkers() {
    Schema schema = SchemaParser.parse(ORDER);

    assertThat(schema.ref().toString()).isEqualTo("OnlineRetail/v1/Checkout/Order");
    assertThat(schema.fields().keySet())
        .containsExactly(
            "items",
            "address",
            "cost",
            "shippingCost",
            "totalCost",
            "currency",
            "paymentID",
            "trackingID",
            "quote");
    assertThat(schema.externalPaths())
        .containsExactly("shippingCost", "paymentID", "trackingID", "quote.price");
    assertThat(schema.typeAt("items.name").orElseThrow().kind()).isEqualTo(FieldType.Kind.STRING);
    assertThat(schema.typeAt("items").orElseThrow().toString())
        .isEqualTo("array<object{name,quantity}>");
    assertThat(schema.typeAt("nope")).isEmpty();
    assertThat(schema.singleton()).isFalse();
  }

  @Test
  void singletonMarkerOnHeader() {
    Schema schema =
        SchemaParser.parse(
            "schema: SmartHome/v1/House/Config # +kr: singleton\nsensitivity: integer\n");
    assertThat(schema.singleton()).isTrue();
  }

  @Test
  void validatorNamesTheOffendingField() {
    Schema schema = SchemaParser.parse(ORDER);
    var data =
        Json.parseObject(
            "{\"cost\":\"cheap\",\"items\":[{\"name\":\"a\"},{\"name\":7}],\"extra\":1}", "test");

    assertThat(schema.violations(data))
        .extracting(Schema.Violation::message)
        .containsExactly(
            "field 'cost' must be number, got string",
            "field 'items[1].name' must be string, got number",
            "unknown field 'extra'");
    assertThatThrownBy(() -> schema.requireValid(data))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(
            "does not match schema OnlineRetail/v1/Checkout/Order: field 'cost'")
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("cost");
  }

  @Test
  void conformingAndPartialObjectsPass() {
    Schema schema = SchemaParser.parse(ORDER);
    assertThat(
            schema.violations(
                Json.parseObject(
                    "{\"cost\":3,\"items\":[{\"name\":\"a\",\"quantity\":2.0}],\"paymentID\":null}",
                    "t")))
        .isEmpty();
  }

  @Test
  void changedExternalFieldsComparesOnlyExternalPaths() {
    Schema schema = SchemaParser.parse(ORDER);
    var before = Json.parseObject("{\"cost\":1,\"paymentID\":\"p\",\"quote\":{\"price\":2}}", "t");
    var after = Json.parseObject("{\"cost\":5,\"paymentID\":\"p\",\"quote\":{\"price\":3}}", "t");

    assertThat(schema.changedExternalFields(before, after)).containsExactly("quote.price");
    assertThat(schema.changedExternalFields(null, Json.parseObject("{\"cost\":1}", "t"))).isEmpty();
    assertThat(schema.changedExternalFields(null, Json.parseObject("{\"trackingID\":\"t\"}", "t")))
        .containsExactly("trackingID");
  }

  @Test
  void reportsEveryProblemWithFileAndLine() {
    String bad =
        """
        schema: OnlineRetail/v1/Checkout/Order
        cost: nummber
        cost: number
        name: string # +kr: externl
        addr: string
          street: string
        """;
    assertThatThrownBy(() -> SchemaParser.parse(bad, "order.schema", 10))
        .isInstanceOf(SpecException.class)
        .hasMessage(
            "invalid schema:\n"
                + "  order.schema:11: unknown type 'nummber' for field 'cost' (expected string, number, integer, boolean, object, array, array<T> or any)\n"
                + "  order.schema:13: unknown marker '+kr: externl' (expected external or singleton)\n"
                + "  order.schema:14: field 'addr' of type string cannot have nested fields");
  }

  @Test
  void refusesMissingHeaderAndBadName() {
    assertThatThrownBy(() -> SchemaParser.parse("cost: number"))
        .hasMessageContaining("<schema>:1: a schema starts with 'schema: App/version/Type/Kind'");
    assertThatThrownBy(() -> SchemaParser.parse("schema: Only/Three/Parts"))
        .hasMessageContaining("<schema>:1: invalid schema name 'Only/Three/Parts'");
  }
}
