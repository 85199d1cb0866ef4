package io.knactor.sync.spec;

import io.knactor.cast.spec.Location;

/**
 * An event-time window as written: {@code {size: 1m, slide: 30s, lateness: 10s}}. Windows are
 * aligned to the epoch. Tumbling when {@code slide == size}. The checker validates the values.
 *
 * @param latenessMillis how long after a window's end (in event time) records for it are still
 *     accepted; the window's result is emitted when the watermark passes end + lateness
 */
public record WindowDecl(
    long sizeMillis, long slideMillis, long latenessMillis, Location location) {
  public boolean sliding() {
    return slideMillis != sizeMillis;
  }

  /** The canonical form, e.g. {@code size=60000,slide=30000,lateness=0}. */
  public String signature() {
    return "size=" + sizeMillis + ",slide=" + slideMillis + ",lateness=" + latenessMillis;
  }
}
