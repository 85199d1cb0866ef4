package io.knactor.examples.retail;

import io.knactor.examples.retail.shipping.Shipping;

/**
 * The app's integration states, one per task of the Knactor paper (section 5): the Cast revision
 * that integrates the knactors and the Shipping release it expects.
 */
public enum Revision {
  /** Before the tasks: Checkout integrated with Cart, ProductCatalog, Currency and Email. */
  T0("casts/retail-T0.yaml", Shipping.Release.R1),
  /** T1: Payment and Shipping integrated with Checkout. */
  T1("casts/retail-T1.yaml", Shipping.Release.R1),
  /** T2: ship by air when the order costs over 1000, else by ground. */
  T2("casts/retail-T2.yaml", Shipping.Release.R1),
  /** T3: Shipping's schema renamed {@code addr} to {@code address}; the cast follows. */
  T3("casts/retail-T3.yaml", Shipping.Release.R2);

  private final String castFile;
  private final Shipping.Release shipping;

  Revision(String castFile, Shipping.Release shipping) {
    this.castFile = castFile;
    this.shipping = shipping;
  }

  /** The Cast spec of this state, on the classpath and in {@code examples/online-retail}. */
  public String castFile() {
    return castFile;
  }

  public Shipping.Release shipping() {
    return shipping;
  }
}
