package io.knactor.examples.retail.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import org.junit.jupiter.api.Test;

class DeploymentTest {
  @Test
  void defaultDeploymentHasCheckoutCallingTheOtherSix() {
    Deployment deployment = Deployment.load();

    assertThat(deployment.services()).hasSize(7);
    assertThat(deployment.services().get("checkout").calls())
        .containsExactly("cart", "productcatalog", "currency", "shipping", "payment", "email");
    assertThat(deployment.services().get("shipping").calls()).isEmpty();
  }

  @Test
  void callToAnUndeclaredServiceIsRefusedNamingIt() {
    String yaml = "services:\n  checkout:\n    port: 0\n    calls: [payment]\n";

    assertThatThrownBy(() -> Deployment.parse(yaml, "d.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "d.yaml: services.checkout.calls names an undeclared service 'payment' (declared:"
                + " [checkout])");
  }

  @Test
  void badPortIsRefused() {
    assertThatThrownBy(() -> Deployment.parse("services:\n  cart:\n    port: x\n", "d.yaml"))
        .hasMessage("d.yaml: services.cart.port must be a port number (0 for any), got \"x\"");
  }

  @Test
  void fileWithoutServicesIsRefused() {
    assertThatThrownBy(() -> Deployment.parse("kind: nothing\n", "d.yaml"))
        .hasMessage("d.yaml: expected a map 'services' of services");
  }

  @Test
  void servicesCallingEachOtherInACycleDoNotStart() {
    Deployment cycle =
        Deployment.parse(
            "services:\n  cart: {port: 0, calls: [email]}\n  email: {port: 0, calls: [cart]}\n",
            "d.yaml");

    assertThatThrownBy(() -> RetailGrpcApp.start(cycle, Clock.systemUTC()))
        .hasMessage("the services [cart, email] call each other in a cycle");
  }

  @Test
  void checkoutDeployedWithoutPaymentFailsToStartNamingTheMissingCall() {
    Deployment partial =
        Deployment.parse(
            "services:\n  cart: {port: 0}\n  checkout: {port: 0, calls: [cart]}\n", "d.yaml");

    assertThatThrownBy(() -> RetailGrpcApp.start(partial, Clock.systemUTC()))
        .hasMessage(
            "checkout is not deployed to call productcatalog (its calls: [cart]); add it to its"
                + " calls in deploy/services.yaml");
  }
}
