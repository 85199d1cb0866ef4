package io.knactor.exchange.embedded;

import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child process of {@link EmbeddedCrashRecoveryTest}: concurrent writers that print {@code ACK
 * writer counter version} after each acknowledged commit, until the process is killed.
 *
 * <p>Arguments: the exchange directory and the number of writers.
 */
public final class CrashWriterMain {
  private CrashWriterMain() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int writers = Integer.parseInt(args[1]);
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    EmbeddedObjectExchange ex = EmbeddedObjectExchange.open(dir);
    for (int w = 0; w < writers; w++) {
      int writer = w;
      Thread thread =
          new Thread(
              () -> {
                for (long n = 0; ; n++) {
                  StoredObject stored = ex.commit("crash-writer", write(writer, n));
                  out.println("ACK " + writer + " " + n + " " + stored.resourceVersion());
                }
              },
              "writer-" + w);
      thread.start();
    }
  }

  /** Writer {@code w}'s {@code n}th write: an upsert of one of its four objects. */
  static Write write(int writer, long n) {
    return Write.upsert(key(writer, n), Json.object().put("writer", writer).put("n", n));
  }

  static ObjectKey key(int writer, long n) {
    return ObjectKey.of("Crash/v1/Writer/writer-" + writer, "Record", "r" + (n % 4));
  }
}
