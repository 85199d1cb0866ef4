package io.knactor.cast.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.knactor.core.error.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvenanceTest {
  @Test
  void roundTripsThroughAnnotations() {
    Provenance provenance =
        new Provenance(
            "retail",
            7,
            Map.of(
                "paymentID",
                new Provenance.FieldSource(
                    "C.order.paymentID",
                    Map.of("OnlineRetail/v1/Payment/knactor-payment/Payment/o-17", 42L))));

    Map<String, String> annotations = provenance.toAnnotations();

    assertThat(annotations)
        .containsEntry("cast.knactor.io/integrator", "retail")
        .containsEntry("cast.knactor.io/revision", "7")
        .containsEntry(
            "cast.knactor.io/fields",
            "{\"paymentID\":{\"rule\":\"C.order.paymentID\",\"sources\":"
                + "{\"OnlineRetail/v1/Payment/knactor-payment/Payment/o-17\":42}}}");
    assertThat(Provenance.fromAnnotations(annotations)).contains(provenance);
  }

  @Test
  void writesByOthersCarryNoProvenance() {
    assertThat(Provenance.fromAnnotations(Map.of("note", "manual fix"))).isEmpty();
  }

  @Test
  void malformedRevisionIsReported() {
    assertThatThrownBy(
            () ->
                Provenance.fromAnnotations(
                    Map.of("cast.knactor.io/integrator", "x", "cast.knactor.io/revision", "two")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("malformed cast.knactor.io/revision annotation: two");
  }
}
