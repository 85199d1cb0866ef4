package io.knactor.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.core.exchange.ListRequest;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.exchange.Write;
import io.knactor.core.exchange.WriteBatch;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A reconciler must have no way to name another knactor's store: apart from {@link
 * Knactor#builder}, no public method or constructor of the SDK takes anything that names a store.
 */
class ApiScopeTest {
  private static final Set<Class<?>> NAMES_A_STORE =
      Set.of(
          StoreRef.class,
          ObjectKey.class,
          StoredObject.class,
          Write.class,
          WriteBatch.class,
          ListRequest.class,
          WatchRequest.class,
          ObjectExchange.class);

  @Test
  void onlyTheBuilderTakesAStore() throws Exception {
    List<String> offenders = new ArrayList<>();
    for (Class<?> type : publicSdkTypes()) {
      Stream.concat(Arrays.stream(type.getMethods()), Arrays.stream(type.getConstructors()))
          .filter(member -> member.getDeclaringClass().getPackageName().startsWith("io.knactor"))
          .filter(
              member -> Arrays.stream(member.getParameterTypes()).anyMatch(NAMES_A_STORE::contains))
          .map(ApiScopeTest::describe)
          .forEach(offenders::add);
    }

    assertThat(offenders).containsExactly("Knactor.builder(StoreRef, ObjectExchange)");
  }

  @Test
  void theScanSeesTheContextAndItsWriteMethods() throws Exception {
    assertThat(publicSdkTypes())
        .contains(
            Context.class, StoreWrites.class, Result.class, Event.class, Knactor.Builder.class);
    assertThat(Context.class.getMethods())
        .extracting(m -> m.getName())
        .contains("get", "list", "create", "update", "modify", "patch", "delete", "commit");
  }

  private static String describe(Executable member) {
    return member.getDeclaringClass().getSimpleName()
        + "."
        + (member instanceof java.lang.reflect.Constructor<?> ? "<init>" : member.getName())
        + "("
        + String.join(
            ", ", Arrays.stream(member.getParameterTypes()).map(Class::getSimpleName).toList())
        + ")";
  }

  /** Every public class, interface, record and nested type of io.knactor.sdk (not subpackages). */
  private static List<Class<?>> publicSdkTypes()
      throws IOException, URISyntaxException, ClassNotFoundException {
    Path dir =
        Path.of(Knactor.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("io/knactor/sdk");
    List<Class<?>> types = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String simple = file.getFileName().toString().replace(".class", "");
        Class<?> type = Class.forName("io.knactor.sdk." + simple);
        if (Modifier.isPublic(type.getModifiers()) && !type.isAnonymousClass()) {
          types.add(type);
        }
      }
    }
    return types;
  }
}
