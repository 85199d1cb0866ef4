package io.knactor.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SamplesTest {

  @Test
  void percentileIsTheNearestRankOfTheSortedSamples() {
    Samples samples = new Samples();
    for (long value = 100; value >= 1; value--) {
      samples.add(value * 1_000);
    }

    assertThat(samples.percentile(50)).isEqualTo(50_000);
    assertThat(samples.percentile(99)).isEqualTo(99_000);
    assertThat(samples.percentile(99.5)).isEqualTo(100_000);
    assertThat(samples.max()).isEqualTo(100_000);
    assertThat(samples.percentile(0.1)).isEqualTo(1_000);
  }

  @Test
  void percentileOfOneSampleIsThatSample() {
    Samples samples = new Samples();
    samples.add(7);

    assertThat(samples.percentile(50)).isEqualTo(7);
    assertThat(samples.percentile(99)).isEqualTo(7);
  }

  @Test
  void growsBeyondItsInitialCapacityAndSortsAgainAfterNewSamples() {
    Samples samples = new Samples();
    for (int i = 0; i < 5_000; i++) {
      samples.add(i);
    }
    assertThat(samples.max()).isEqualTo(4_999);

    samples.add(1_000_000);

    assertThat(samples.count()).isEqualTo(5_001);
    assertThat(samples.max()).isEqualTo(1_000_000);
  }

  @Test
  void mergeKeepsEverySampleOfEveryPart() {
    Samples a = new Samples();
    a.add(3);
    a.add(1);
    Samples b = new Samples();
    b.add(2);

    Samples all = Samples.merge(List.of(a, b));

    assertThat(all.count()).isEqualTo(3);
    assertThat(all.percentile(50)).isEqualTo(2);
    assertThat(all.max()).isEqualTo(3);
  }

  @Test
  void percentileOfNoSamplesIsRefused() {
    assertThatThrownBy(() -> new Samples().percentile(50))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no samples recorded");
  }

  @Test
  void percentileOutsideItsRangeIsRefused() {
    Samples samples = new Samples();
    samples.add(1);

    assertThatThrownBy(() -> samples.percentile(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("percent must be in (0, 100], got 0.0");
  }
}
