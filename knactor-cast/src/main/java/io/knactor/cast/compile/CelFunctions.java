package io.knactor.cast.compile;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;
import io.knactor.cast.function.CastFunction;
import io.knactor.cast.function.FunctionRegistry;
import io.knactor.cast.function.Signature;
import io.knactor.cast.function.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Declares registered functions to the CEL checker and binds their code into the CEL runtime. */
public final class CelFunctions {
  private CelFunctions() {}

  /** The CEL type of a signature type. */
  public static CelType celType(ValueType type) {
    return switch (type) {
      case STRING -> SimpleType.STRING;
      case DOUBLE -> SimpleType.DOUBLE;
      case INT -> SimpleType.INT;
      case BOOL -> SimpleType.BOOL;
      case LIST -> ListType.create(SimpleType.DYN);
      case MAP -> MapType.create(SimpleType.STRING, SimpleType.DYN);
      case DYN -> SimpleType.DYN;
    };
  }

  /** One declaration per function name with an overload per signature. */
  public static List<CelFunctionDecl> declarations(FunctionRegistry registry) {
    Map<String, List<CelOverloadDecl>> overloads = new LinkedHashMap<>();
    for (CastFunction function : registry.functions()) {
      Signature s = function.signature();
      overloads
          .computeIfAbsent(s.name(), n -> new ArrayList<>())
          .add(
              CelOverloadDecl.newGlobalOverload(
                  s.overloadId(),
                  celType(s.result()),
                  s.parameters().stream().map(CelFunctions::celType).toList()));
    }
    List<CelFunctionDecl> out = new ArrayList<>();
    overloads.forEach(
        (name, decls) -> out.add(CelFunctionDecl.newFunctionDeclaration(name, decls)));
    return out;
  }

  /** The runtime bindings; a throwing implementation surfaces as a {@link FunctionFailure}. */
  public static List<CelFunctionBinding> bindings(FunctionRegistry registry) {
    List<CelFunctionBinding> out = new ArrayList<>();
    for (CastFunction function : registry.functions()) {
      Signature s = function.signature();
      List<Class<?>> argTypes = s.parameters().stream().<Class<?>>map(ValueType::javaType).toList();
      out.add(CelFunctionBinding.from(s.overloadId(), argTypes, args -> invoke(function, args)));
    }
    return out;
  }

  private static Object invoke(CastFunction function, Object[] args) {
    Signature s = function.signature();
    Object result;
    try {
      result = function.implementation().apply(Arrays.asList(args));
    } catch (Exception | LinkageError | AssertionError e) {
      throw new FunctionFailure(
          s.name()
              + " failed: "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
          e);
    }
    if (result instanceof Integer i) {
      result = i.longValue();
    } else if (result instanceof Float f) {
      result = f.doubleValue();
    }
    if (result == null || !s.result().javaType().isInstance(result)) {
      throw new FunctionFailure(
          s.name()
              + " returned "
              + (result == null ? "null" : result.getClass().getName())
              + " but its signature "
              + s
              + " promises "
              + s.result().javaType().getSimpleName(),
          null);
    }
    return result;
  }

  /** A custom function threw or broke its signature; carries the message for the status. */
  static final class FunctionFailure extends RuntimeException {
    FunctionFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
