package io.knactor.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

class StoreRefTest {
  @Test
  void parsesAndPrintsTheFourParts() {
    StoreRef ref = StoreRef.parse("OnlineRetail/v1/Checkout/knactor-checkout");
    assertThat(ref.app()).isEqualTo("OnlineRetail");
    assertThat(ref.instance()).isEqualTo("knactor-checkout");
    assertThat(ref.toString()).isEqualTo("OnlineRetail/v1/Checkout/knactor-checkout");
    assertThat(ref.schemaOf("Order").governs(ref, "Order")).isTrue();
  }

  @Test
  void refusesBadShapesWithTheRule() {
    assertThatThrownBy(() -> StoreRef.parse("OnlineRetail/v1/Checkout"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("invalid store 'OnlineRetail/v1/Checkout': expected App/version/Type/instance");
    assertThatThrownBy(() -> StoreRef.parse("OnlineRetail/1/Checkout/x"))
        .hasMessageStartingWith("invalid version '1'");
    assertThatThrownBy(() -> ObjectKey.of("A/v1/B/c", "Order", "bad name"))
        .hasMessageStartingWith("invalid name 'bad name'");
  }
}
