package io.knactor.server.cast;

import io.knactor.cast.function.CastFunction;
import io.knactor.cast.function.CastFunctionProvider;
import io.knactor.cast.function.Signature;
import java.util.List;

/**
 * A function the server discovers with ServiceLoader (see META-INF/services): {@code tag(s)} is
 * {@code "#" + s}, and throws for {@code boom}.
 */
public final class TagFunctionProvider implements CastFunctionProvider {
  @Override
  public List<CastFunction> functions() {
    return List.of(
        new CastFunction(
            Signature.parse("tag(string) -> string"),
            args -> {
              String s = (String) args.get(0);
              if (s.equals("boom")) {
                throw new IllegalArgumentException("cannot tag 'boom'");
              }
              return "#" + s;
            }));
  }
}
