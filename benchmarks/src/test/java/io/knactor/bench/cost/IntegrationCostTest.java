package io.knactor.bench.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.bench.report.DocSection;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IntegrationCostTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static IntegrationCost cost;

  @BeforeAll
  static void count() {
    cost = IntegrationCost.count(ROOT);
  }

  @Test
  void committedDocumentIsWhatTheScriptCountsNow() throws Exception {
    String doc = Files.readString(ROOT.resolve("docs/integration-cost.md"));

    assertThat(new DocSection(IntegrationCost.SECTION).replace(doc, cost.render()))
        .as("docs/integration-cost.md is stale: run bin/integration-cost")
        .isEqualTo(doc);
  }

  @Test
  void knactorT2IsOneCastChangeWithNoRebuildOrRestart() {
    TaskCost t2 = cost.knactor().get(1);

    assertThat(t2.operations()).isEqualTo("f");
    assertThat(t2.files())
        .singleElement()
        .satisfies(f -> assertThat(f.kind()).isEqualTo(FileChange.Kind.CAST));
    assertThat(t2.lines().added()).isPositive();
    assertThat(t2.rebuilt()).isEmpty();
    assertThat(t2.redeployed()).isEmpty();
  }

  @Test
  void grpcT1ChangesCheckoutsCodeAndDeploymentAndRebuildsAndRedeploysCheckoutOnly() {
    TaskCost t1 = cost.grpc().get(0);

    assertThat(t1.operations()).isEqualTo("c / f / b / d");
    assertThat(t1.files())
        .extracting(FileChange::kind, FileChange::owner)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(FileChange.Kind.CODE, "checkout"),
            org.assertj.core.groups.Tuple.tuple(FileChange.Kind.DEPLOYMENT, "deployment"));
    assertThat(t1.rebuilt()).containsExactly("checkout");
    assertThat(t1.redeployed()).containsExactly("checkout");
    assertThat(t1.lines().added()).isGreaterThan(cost.knactor().get(0).lines().added());
  }

  @Test
  void grpcT3RenameRebuildsShippingAndItsCallerCheckout() {
    TaskCost t3 = cost.grpc().get(2);

    assertThat(t3.files())
        .extracting(FileChange::owner)
        .containsExactlyInAnyOrder("checkout", "shipping", "shipping");
    assertThat(t3.rebuilt()).containsExactly("checkout", "shipping");
    assertThat(t3.redeployed()).containsExactly("checkout", "shipping");
  }

  @Test
  void knactorT3ChangesTheCastAndShippingsSchemaAndRestartsOnlyShipping() {
    TaskCost t3 = cost.knactor().get(2);

    assertThat(t3.files())
        .extracting(FileChange::kind)
        .containsExactlyInAnyOrder(FileChange.Kind.CAST, FileChange.Kind.SCHEMA);
    assertThat(t3.operations()).isEqualTo("f / d");
    assertThat(t3.rebuilt()).isEmpty();
    assertThat(t3.redeployed()).containsExactly("shipping");
  }
}
