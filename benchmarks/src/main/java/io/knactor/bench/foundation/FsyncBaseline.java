package io.knactor.bench.foundation;

import io.knactor.bench.report.Samples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Scenario 1: the raw fdatasync rate of the data directory's disk. Appends 4 KiB and calls {@code
 * FileChannel.force(false)} (fdatasync) in a loop, as a write-ahead log does. No durable write can
 * be acknowledged faster than one of these, so durable results are reported against it. The probe
 * file stays in {@code dir}, which the caller deletes.
 */
final class FsyncBaseline {
  static final int BLOCK = 4096;

  /** {@code syncs} fdatasyncs took {@code elapsedNanos}; {@code latencies} holds each one. */
  record Result(long syncs, long elapsedNanos, Samples latencies) {
    double perSecond() {
      return syncs * 1e9 / elapsedNanos;
    }

    long meanNanos() {
      return elapsedNanos / syncs;
    }
  }

  private FsyncBaseline() {}

  static Result run(Path dir, Duration duration) {
    Path file = dir.resolve("fsync-probe.bin");
    Samples latencies = new Samples();
    ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
    while (block.hasRemaining()) {
      block.put((byte) 'k');
    }
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long position = 0;
      long syncs = 0;
      long start = System.nanoTime();
      long deadline = start + duration.toNanos();
      long now = start;
      while (now < deadline) {
        block.clear();
        while (block.hasRemaining()) {
          position += channel.write(block, position);
        }
        channel.force(false);
        long done = System.nanoTime();
        latencies.add(done - now);
        now = done;
        syncs++;
      }
      return new Result(syncs, now - start, latencies);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot measure fdatasync in " + dir + ": " + e.getMessage(), e);
    }
  }
}
