package io.knactor.examples.retail.cast;

import io.knactor.cast.function.CastFunction;
import io.knactor.cast.function.CastFunctionProvider;
import io.knactor.cast.function.FunctionRegistry;
import io.knactor.cast.function.Signature;
import io.knactor.examples.retail.domain.Money;
import java.util.List;
import java.util.Map;

/**
 * The Cast functions the retail casts call: {@code currency_convert(amount, from, to, perEuro)}
 * converts an amount with the Currency knactor's published table of rates ({@code
 * X.rates.perEuro}), rounded to cents; an unsupported currency fails the rule for that key.
 *
 * <p>A {@link CastFunctionProvider}: a server with this jar on its class path registers the
 * functions at start (listed in {@code META-INF/services}).
 */
public final class RetailFunctions implements CastFunctionProvider {
  public static final CastFunction CURRENCY_CONVERT =
      new CastFunction(
          Signature.parse("currency_convert(double, string, string, map) -> double"),
          args ->
              Money.convert(
                  ((Number) args.get(0)).doubleValue(),
                  (String) args.get(1),
                  (String) args.get(2),
                  rates(args.get(3))));

  /** Every function of the app. */
  @Override
  public List<CastFunction> functions() {
    return List.of(CURRENCY_CONVERT);
  }

  /** The app's functions alone, for checking its casts offline. */
  public static FunctionRegistry registry() {
    return FunctionRegistry.builder().registerAll(new RetailFunctions().functions()).build();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Number> rates(Object table) {
    Map<String, Object> map = (Map<String, Object>) table;
    for (Map.Entry<String, Object> rate : map.entrySet()) {
      if (!(rate.getValue() instanceof Number)) {
        throw new IllegalArgumentException("rate of " + rate.getKey() + " is not a number");
      }
    }
    return (Map<String, Number>) (Map<String, ?>) map;
  }
}
