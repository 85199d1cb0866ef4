package io.knactor.bench.report;

import java.util.Arrays;

/**
 * Latency samples in nanoseconds, kept whole so percentiles are exact (nearest rank). One instance
 * per recording thread; {@link #merge} combines them afterwards. Not thread-safe.
 */
public final class Samples {
  private long[] values = new long[1024];
  private int size;
  private boolean sorted = true;

  public void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
    sorted = false;
  }

  public int count() {
    return size;
  }

  /**
   * The nearest-rank percentile in nanoseconds: the smallest sample with at least {@code percent}%
   * of all samples at or below it.
   *
   * @throws IllegalStateException when there are no samples
   */
  public long percentile(double percent) {
    if (size == 0) {
      throw new IllegalStateException("no samples recorded");
    }
    if (percent <= 0 || percent > 100) {
      throw new IllegalArgumentException("percent must be in (0, 100], got " + percent);
    }
    sort();
    int rank = (int) Math.ceil(percent / 100.0 * size);
    return values[Math.max(rank, 1) - 1];
  }

  public long max() {
    return percentile(100);
  }

  /** All samples of {@code parts} in one new instance. */
  public static Samples merge(Iterable<Samples> parts) {
    Samples all = new Samples();
    for (Samples part : parts) {
      for (int i = 0; i < part.size; i++) {
        all.add(part.values[i]);
      }
    }
    return all;
  }

  private void sort() {
    if (!sorted) {
      Arrays.sort(values, 0, size);
      sorted = true;
    }
  }
}
