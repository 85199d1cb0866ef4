package io.knactor.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The partitioner is a wire contract: every backend and every client must put a key in the same
 * partition for the life of a store. These values pin the documented hash.
 */
class LogPartitionerTest {
  @Test
  void keysLandInThePinnedPartitions() {
    assertThat(LogPartitioner.partition("a", 6)).isEqualTo(3);
    assertThat(LogPartitioner.partition("room-1", 6)).isEqualTo(0);
    assertThat(LogPartitioner.partition("sensor-17", 6)).isEqualTo(1);
    assertThat(LogPartitioner.partition("w0-3", 6)).isEqualTo(3);
    assertThat(LogPartitioner.partition("room-1", 1024)).isEqualTo(874);
    assertThat(LogPartitioner.partition("room-2", 1024)).isEqualTo(964);
    assertThat(LogPartitioner.partition("ü", 1024)).isEqualTo(454);
  }

  @Test
  void oneThousandKeysSpreadOverEveryPartition() {
    int[] counts = new int[8];
    for (int i = 0; i < 1000; i++) {
      counts[LogPartitioner.partition("device-" + i, 8)]++;
    }
    assertThat(IntStream.of(counts).boxed().toList())
        .allSatisfy(count -> assertThat(count).isBetween(80, 170));
  }
}
