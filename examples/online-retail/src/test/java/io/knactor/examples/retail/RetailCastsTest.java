package io.knactor.examples.retail;

import static org.assertj.core.api.Assertions.assertThat;

import io.knactor.cast.check.CheckResult;
import io.knactor.cast.check.Issue;
import io.knactor.cast.spec.CastSpecParser;
import io.knactor.examples.kit.AppFiles;
import io.knactor.examples.retail.shipping.Shipping;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every Cast revision of the app checks against the schemas it runs with. */
class RetailCastsTest {
  private static CheckResult check(Revision revision, Shipping.Release release) {
    return RetailSchemas.checker(release)
        .check(CastSpecParser.parse(AppFiles.read(revision.castFile()), revision.castFile()));
  }

  @ParameterizedTest
  @EnumSource(Revision.class)
  void eachRevisionChecksWithoutErrors(Revision revision) {
    CheckResult result = check(revision, revision.shipping());

    assertThat(result.errors()).as(result.report()).isEmpty();
    assertThat(result.compiledCast()).isPresent();
  }

  @Test
  void beforeT1theExternalFieldsOfPaymentAndShippingAreLeftUnfilled() {
    CheckResult result = check(Revision.T0, Shipping.Release.R1);

    assertThat(result.warnings())
        .extracting(Issue::message)
        .contains(
            "external field C.order.shippingCost is filled by no rule",
            "external field C.order.trackingID is filled by no rule");
  }

  @Test
  void fromT1onEveryExternalFieldIsFilled() {
    for (Revision revision : new Revision[] {Revision.T1, Revision.T2, Revision.T3}) {
      assertThat(check(revision, revision.shipping()).warnings()).as(revision.name()).isEmpty();
    }
  }

  @Test
  void theShippingRenameBreaksTheOldCastAndOnlyTheCastNeedsToFollow() {
    CheckResult old = check(Revision.T2, Shipping.Release.R2);

    assertThat(old.errors())
        .extracting(Issue::message)
        .anySatisfy(m -> assertThat(m).contains("unknown field 'addr'"));
    assertThat(check(Revision.T3, Shipping.Release.R2).errors()).isEmpty();
  }
}
