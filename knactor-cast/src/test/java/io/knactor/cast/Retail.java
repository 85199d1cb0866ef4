package io.knactor.cast;

import io.knactor.cast.check.CastChecker;
import io.knactor.cast.check.SchemaCatalog;
import io.knactor.cast.compile.CompiledCast;
import io.knactor.cast.function.FunctionRegistry;
import io.knactor.core.schema.Schema;
import io.knactor.core.schema.SchemaParser;
import java.util.Map;

/** The online retail app of the Knactor paper (Figures 5 and 6) as test material. */
public final class Retail {
  public static final String CHECKOUT = "OnlineRetail/v1/Checkout/knactor-checkout";
  public static final String SHIPPING = "OnlineRetail/v1/Shipping/knactor-shipping";
  public static final String PAYMENT = "OnlineRetail/v1/Payment/knactor-payment";

  public static final Schema ORDER =
      SchemaParser.parse(
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
          """);

  public static final Schema SHIPMENT =
      SchemaParser.parse(
          """
          schema: OnlineRetail/v1/Shipping/Shipment
          id: string
          items: array<string> # +kr: external
          addr: string # +kr: external
          method: string # +kr: external
          quote:
            price: number
            currency: string
          """);

  public static final Schema PAYMENT_SCHEMA =
      SchemaParser.parse(
          """
          schema: OnlineRetail/v1/Payment/Payment
          id: string
          amount: number # +kr: external
          currency: string # +kr: external
          """);

  /** DESIGN.md section 4, verbatim. */
  public static final String SPEC =
      """
      kind: Cast
      name: retail
      input:
        C: OnlineRetail/v1/Checkout/knactor-checkout
        S: OnlineRetail/v1/Shipping/knactor-shipping
        P: OnlineRetail/v1/Payment/knactor-payment
      dxg:
        C.order:
          shippingCost: currency_convert(S.shipment.quote.price, S.shipment.quote.currency, this.currency)
          paymentID: P.payment.id
          trackingID: S.shipment.id
        P.payment:
          amount: C.order.totalCost
          currency: C.order.currency
        S.shipment:
          items: C.order.items.map(item, item.name)
          addr: C.order.address
          method: 'C.order.cost > 1000.0 ? "air" : "ground"'
      """;

  /** Units of each currency per US dollar. */
  private static final Map<String, Double> PER_DOLLAR = Map.of("USD", 1.0, "EUR", 0.5, "GBP", 0.25);

  public static final FunctionRegistry FUNCTIONS =
      FunctionRegistry.builder()
          .register(
              "currency_convert(double, string, string) -> double",
              args -> {
                double amount = (Double) args.get(0);
                return amount / rate((String) args.get(1)) * rate((String) args.get(2));
              })
          .build();

  public static final SchemaCatalog SCHEMAS = SchemaCatalog.of(ORDER, SHIPMENT, PAYMENT_SCHEMA);

  private Retail() {}

  private static double rate(String currency) {
    Double rate = PER_DOLLAR.get(currency);
    if (rate == null) {
      throw new IllegalArgumentException("no exchange rate for " + currency);
    }
    return rate;
  }

  public static CastChecker checker() {
    return new CastChecker(SCHEMAS, FUNCTIONS);
  }

  public static CompiledCast compiled() {
    return checker().compile(SPEC, "retail.cast.yaml");
  }

  /**
   * A cast named {@code name} over the three retail stores (aliases C, S and P) with {@code dxg},
   * the rules by target kind indented as under {@code dxg:}, compiled from {@code name.cast.yaml}.
   */
  public static CompiledCast compile(String name, String dxg) {
    String spec =
        """
        kind: Cast
        name: %s
        input:
          C: OnlineRetail/v1/Checkout/knactor-checkout
          S: OnlineRetail/v1/Shipping/knactor-shipping
          P: OnlineRetail/v1/Payment/knactor-payment
        dxg:
        """
            .formatted(name);
    return checker().compile(spec + dxg, name + ".cast.yaml");
  }
}
