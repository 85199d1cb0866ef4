package io.knactor.exchange.etcd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy in front of one etcd member that can break one conditional write: once armed, the
 * first request carrying a txn {@code "compare"} either never reaches etcd ({@link Cut#REQUEST}) or
 * reaches it but loses its answer ({@link Cut#ANSWER}); both sides' connections close.
 */
final class CuttingProxy implements AutoCloseable {
  enum Cut {
    REQUEST,
    ANSWER
  }

  private final ServerSocket server;
  private final URI target;
  private final AtomicReference<Cut> armed = new AtomicReference<>();

  CuttingProxy(URI target) {
    this.target = target;
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "cutting-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
  }

  void arm(Cut cut) {
    armed.set(cut);
  }

  boolean fired() {
    return armed.get() == null;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(target.getHost(), target.getPort());
        // Set when this connection carried the armed write: its answer is to be lost.
        AtomicReference<Boolean> loseAnswer = new AtomicReference<>(false);
        pump(
            client,
            upstream,
            chunk -> {
              if (armed.get() != null && chunk.contains("\"compare\"")) {
                Cut cut = armed.getAndSet(null);
                if (cut == Cut.REQUEST) {
                  return false;
                }
                loseAnswer.set(true);
              }
              return true;
            });
        pump(upstream, client, chunk -> !loseAnswer.get());
      } catch (IOException e) {
        return;
      }
    }
  }

  private interface Gate {
    boolean pass(String chunk);
  }

  /** Copies {@code from} to {@code to} while the gate passes; then closes both sockets. */
  private static void pump(Socket from, Socket to, Gate gate) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[64 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                  if (!gate.pass(new String(buffer, 0, n, StandardCharsets.ISO_8859_1))) {
                    break;
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // A closed socket ends the copy.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "cutting-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Already closed by the other direction.
    }
  }
}
