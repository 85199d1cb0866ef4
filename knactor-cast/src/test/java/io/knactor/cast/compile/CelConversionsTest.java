package io.knactor.cast.compile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CelConversionsTest {
  @Test
  void theSameObjectIsConvertedOnceAndACopyAgain() {
    CelConversions conversions = new CelConversions(4);
    ObjectNode rates = Json.object().put("EUR", 1).put("USD", 1.1);

    Object first = conversions.of(rates, null);
    ObjectNode copy = rates.deepCopy().put("USD", 1.2);

    assertThat(conversions.of(rates, null)).isSameAs(first);
    assertThat(conversions.of(copy, null)).isEqualTo(Map.of("EUR", 1L, "USD", 1.2));
    assertThat(first).isEqualTo(CelValues.fromJson(rates, null));
  }

  @Test
  void theLeastRecentlyUsedGoesFirstAndZeroKeepsNothing() {
    CelConversions two = new CelConversions(2);
    ObjectNode a = Json.object().put("n", 1);
    ObjectNode b = Json.object().put("n", 2);
    ObjectNode c = Json.object().put("n", 3);
    Object aValue = two.of(a, null);
    Object bValue = two.of(b, null);
    two.of(a, null);
    two.of(c, null);

    assertThat(two.of(a, null)).isSameAs(aValue);
    assertThat(two.of(b, null)).isNotSameAs(bValue);
    assertThat(new CelConversions(0).of(a, null)).isNotSameAs(new CelConversions(0).of(a, null));
  }
}
