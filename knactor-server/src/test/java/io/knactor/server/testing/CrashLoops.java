package io.knactor.server.testing;

import io.knactor.core.error.KnactorException;

/** Client loops for crash tests: each runs until the server it talks to is killed. */
public final class CrashLoops {
  private CrashLoops() {}

  /** A loop body that may fail. */
  public interface Body {
    void run() throws Exception;
  }

  /** Starts {@code body} on a thread that ends quietly when the killed server makes it fail. */
  public static Thread start(Body body) {
    Thread thread =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (KnactorException | InterruptedException e) {
                // The server was killed: the loop ends here.
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    thread.start();
    return thread;
  }
}
