package io.knactor.examples.kit;

import java.util.concurrent.CountDownLatch;

/**
 * How a demo's main runs its app: the work, then either a close, or, with keep-running, waiting for
 * Ctrl-C, whose shutdown hook closes the app. The hook is installed before the work, so an
 * interrupted demo closes its app (and with it its server and exchanges) too.
 */
public final class DemoLifecycle {
  private DemoLifecycle() {}

  /** The demo's work on its running app. */
  @FunctionalInterface
  public interface Work {
    void run() throws Exception;
  }

  /** Runs {@code work}, then closes {@code app}, or keeps it running until Ctrl-C. */
  public static void run(AutoCloseable app, boolean keepRunning, Work work) throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              closeQuietly(app);
              stopped.countDown();
            },
            "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      work.run();
    } catch (Exception | Error e) {
      Runtime.getRuntime().removeShutdownHook(hook);
      app.close();
      throw e;
    }
    if (keepRunning) {
      System.out.println("Stop with Ctrl-C.");
      stopped.await();
    } else {
      Runtime.getRuntime().removeShutdownHook(hook);
      app.close();
    }
  }

  private static void closeQuietly(AutoCloseable app) {
    try {
      app.close();
    } catch (Exception e) {
      System.err.println("closing the demo failed: " + e);
    }
  }
}
