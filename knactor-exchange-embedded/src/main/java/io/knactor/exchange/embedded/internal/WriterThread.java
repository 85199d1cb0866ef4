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
 * The lifecycle of an exchange's writer thread: requests are enqueued only while the exchange is
 * open, and closing stops the writer after what is already queued and waits for it. Thread-safe.
 */
public final class WriterThread {
  private final Thread thread;
  private final Runnable stop;
  private final Supplier<UnavailableException> closedError;
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
  private volatile boolean closed;

  /**
   * Starts {@code body} on a daemon thread named {@code name}.
   *
   * @param stop asks the body to finish what is queued and return
   * @param closedError the error for requests after close
   */
  public WriterThread(
      String name, Runnable body, Runnable stop, Supplier<UnavailableException> closedError) {
    this.stop = stop;
    this.closedError = closedError;
    this.thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
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
   * Enqueues with {@code op} while open, waits for the result and unwraps its failure.
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
   * Stops the writer after what is queued and waits for it; returns false when it was already
   * closed. Keeps the caller's interrupt status.
   */
  public boolean close() {
    gate.writeLock().lock();
    try {
      if (closed) {
        return false;
      }
      closed = true;
      stop.run();
    } finally {
      gate.writeLock().unlock();
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return true;
  }
}
