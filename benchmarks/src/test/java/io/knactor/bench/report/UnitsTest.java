package io.knactor.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnitsTest {

  @Test
  void microsKeepsThreeSignificantDigitsAndSwitchesToMillisecondsAtOneThousand() {
    assertThat(Units.micros(3_140)).isEqualTo("3.14 µs");
    assertThat(Units.micros(42_345)).isEqualTo("42.3 µs");
    assertThat(Units.micros(331_600)).isEqualTo("332 µs");
    assertThat(Units.micros(1_254_000)).isEqualTo("1.25 ms");
  }

  @Test
  void countRatioAndChangeFormatForPeople() {
    assertThat(Units.count(31_234.6)).isEqualTo("31,235");
    assertThat(Units.ratio(8.04)).isEqualTo("8.0x");
    assertThat(Units.change(0.042)).isEqualTo("+4.2%");
    assertThat(Units.change(-0.01)).isEqualTo("-1.0%");
  }
}
