package io.knactor.cast.function;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The custom functions available to Cast expressions, by name. A name may have several signatures
 * (overloads) as long as their parameter types differ. Immutable; build with {@link #builder()}.
 *
 * <pre>
 * FunctionRegistry functions = FunctionRegistry.builder()
 *     .register("currency_convert(double, string, string) -> double", args -> ...)
 *     .build();
 * </pre>
 */
public final class FunctionRegistry {
  private static final FunctionRegistry EMPTY = new FunctionRegistry(List.of());

  private final List<CastFunction> functions;

  private FunctionRegistry(List<CastFunction> functions) {
    this.functions = List.copyOf(functions);
  }

  public static FunctionRegistry empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The functions of every {@link CastFunctionProvider} on the class path.
   *
   * @throws IllegalArgumentException when two providers register the same overload
   */
  public static FunctionRegistry discover() {
    return builder().registerDiscovered(false).build();
  }

  /** Every registered function, in registration order. */
  public List<CastFunction> functions() {
    return functions;
  }

  /** The registered function names, sorted. */
  public Set<String> names() {
    Set<String> names = new TreeSet<>();
    functions.forEach(f -> names.add(f.signature().name()));
    return names;
  }

  /** Collects functions; rejects a second registration of the same name and parameter types. */
  public static final class Builder {
    private final Map<String, CastFunction> byOverload = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Registers {@code implementation} under {@code signature}, e.g. {@code
     * currency_convert(double, string, string) -> double}.
     *
     * @throws IllegalArgumentException when the signature is malformed or already registered
     */
    public Builder register(String signature, CastFunction.Implementation implementation) {
      return register(new CastFunction(Signature.parse(signature), implementation));
    }

    public Builder register(CastFunction function) {
      Signature s = function.signature();
      String key = s.name() + s.parameters();
      if (byOverload.putIfAbsent(key, function) != null) {
        throw new IllegalArgumentException("function " + s + " is already registered");
      }
      return this;
    }

    public Builder registerAll(Collection<CastFunction> functions) {
      functions.forEach(this::register);
      return this;
    }

    /**
     * Registers the functions of every {@link CastFunctionProvider} found by {@link ServiceLoader}
     * with this class's class loader.
     *
     * @param skipRegistered when true, an overload already registered here keeps its registration
     *     (code given explicitly wins over discovered code); when false it is an error
     */
    public Builder registerDiscovered(boolean skipRegistered) {
      for (CastFunctionProvider provider :
          ServiceLoader.load(CastFunctionProvider.class, FunctionRegistry.class.getClassLoader())) {
        for (CastFunction function : provider.functions()) {
          Signature s = function.signature();
          if (!skipRegistered || !byOverload.containsKey(s.name() + s.parameters())) {
            register(function);
          }
        }
      }
      return this;
    }

    public FunctionRegistry build() {
      return new FunctionRegistry(new ArrayList<>(byOverload.values()));
    }
  }
}
