package io.knactor.exchange.embedded.internal;

import io.knactor.core.error.UnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The open/closed gate in front of an exchange's writer ({@link GroupCommitLoop}): writes are let
 * through only while the exchange is open, and closing waits until every write already let through
 * has finished (each caller is in its group commit until its write is handled), so nothing is left
 * queued behind a closed exchange. Thread-safe.
 */
public final class WriteGate {
  private final Supplier<UnavailableException> closedError;
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
  private volatile boolean closed;

  /**
   * @param closedError the error for writes after close
   */
  public WriteGate(Supplier<UnavailableException> closedError) {
    this.closedError = closedError;
  }

  /** Creates {@code dir} and its parents for the exchange named {@code what}. */
  public static void createDirectory(Path dir, String what) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UnavailableException(
          "cannot create the directory of " + what + " " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs the write {@code op} while open and unwraps the failure of the future it returns (done or
   * not).
   *
   * @throws UnavailableException when the exchange is closed
   */
  public <T> T call(Supplier<CompletableFuture<T>> op) {
    CompletableFuture<T> future;
    gate.readLock().lock();
    try {
      checkOpen();
      future = op.get();
    } finally {
      gate.readLock().unlock();
    }
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /**
   * @throws UnavailableException when the exchange is closed
   */
  public void checkOpen() {
    if (closed) {
      throw closedError.get();
    }
  }

  /**
   * Closes the gate once the writes under way have finished; returns false when it was already
   * closed.
   */
  public boolean close() {
    gate.writeLock().lock();
    try {
      if (closed) {
        return false;
      }
      closed = true;
      return true;
    } finally {
      gate.writeLock().unlock();
    }
  }
}
