package io.knactor.exchange.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.InvalidInputException;
import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.exchange.ObjectExchanges;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code embedded:} scheme, found through ServiceLoader. */
class EmbeddedObjectExchangeProviderTest {
  private static final ObjectKey ORDER = ObjectKey.of("Shop/v1/Checkout/checkout-a", "Order", "a");

  @TempDir Path dir;

  @Test
  void embeddedUriOpensADurableExchangeInTheDirectory() {
    URI uri = URI.create("embedded:" + dir.resolve("objects"));
    StoredObject written;
    try (ObjectExchange ex = ObjectExchanges.open(uri)) {
      assertThat(ex).isInstanceOf(EmbeddedObjectExchange.class);
      assertThat(((EmbeddedObjectExchange) ex).directory()).isEqualTo(dir.resolve("objects"));
      written = ex.commit("p", Write.create(ORDER, Json.object().put("n", 1)));
    }

    try (ObjectExchange ex = ObjectExchanges.open(uri)) {
      assertThat(ex.get(ORDER)).contains(written);
    }
  }

  @Test
  void queryParametersSetTheOptions() {
    URI uri =
        URI.create("embedded:" + dir + "?changeLogRetention=500&historyLimit=3&syncWrites=false");

    try (ObjectExchange ex = ObjectExchanges.open(uri)) {
      assertThat(((EmbeddedObjectExchange) ex).options())
          .isEqualTo(new EmbeddedOptions(500, 3, false));
    }
  }

  @Test
  void relativePathIsResolvedAgainstTheWorkingDirectory() {
    Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("rel"));

    try (ObjectExchange ex = ObjectExchanges.open(URI.create("embedded:" + relative))) {
      assertThat(((EmbeddedObjectExchange) ex).directory()).isEqualTo(relative);
      assertThat(dir.resolve("rel")).isDirectory();
    }
  }

  @Test
  void unknownOptionIsRefusedWithTheKnownOnes() {
    URI uri = URI.create("embedded:" + dir + "?retention=5");

    assertThatThrownBy(() -> ObjectExchanges.open(uri))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "unknown option 'retention' in '"
                + uri
                + "'; known: changeLogRetention, historyLimit, syncWrites");
  }

  @Test
  void uriWithAHostIsRefused() {
    URI uri = URI.create("embedded://host/dir");

    assertThatThrownBy(() -> ObjectExchanges.open(uri))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "invalid embedded exchange URI 'embedded://host/dir':"
                + " expected embedded:/absolute/dir or embedded:relative/dir");
  }
}
