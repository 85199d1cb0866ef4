package io.knactor.examples.quickstart;

import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.json.Json;
import io.knactor.sdk.Knactor;
import io.knactor.sdk.http.ApplyResult;
import io.knactor.server.KnactorServer;
import io.knactor.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The quickstart: an embedded Knactor server with two knactors running in its JVM, the {@link
 * Greeter} and the {@link Counter}, each reading and writing only its own store through the
 * server's in-JVM connection (no serialization, same authorization as the HTTP API).
 *
 * <pre>
 * ./mvnw -q -pl examples/quickstart -am verify -DskipTests -Dquickstart
 * </pre>
 *
 * starts it on port 8080 with its data in {@code examples/quickstart/target/quickstart-data},
 * writes a few objects, prints how to look at the states with {@code bin/knactor}, and runs until
 * Ctrl-C.
 */
public final class Quickstart implements AutoCloseable {
  /** The registration applied at start: schemas, principals and the two knactors. */
  public static final String REGISTRATION = "knactors.yaml";

  private final KnactorServer server;
  private final String adminToken;
  private final ApplyResult registration;
  private final List<ObjectExchange> connections;
  private final Knactor greeter;
  private final Knactor counter;

  private Quickstart(
      KnactorServer server,
      String adminToken,
      ApplyResult registration,
      List<ObjectExchange> connections,
      Knactor greeter,
      Knactor counter) {
    this.server = server;
    this.adminToken = adminToken;
    this.registration = registration;
    this.connections = connections;
    this.greeter = greeter;
    this.counter = counter;
  }

  public static void main(String[] args) throws InterruptedException {
    Path dataDir = Path.of(args.length > 0 ? args[0] : "target/quickstart-data");
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 8080;
    String token = System.getenv().getOrDefault("KNACTOR_ADMIN_TOKEN", newToken());
    Quickstart quickstart = start(dataDir, port, token);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  quickstart.close();
                  stopped.countDown();
                },
                "quickstart-shutdown"));
    quickstart.writeSamples();
    quickstart.printHowToInspect(System.out);
    stopped.await();
  }

  /**
   * Starts the server on {@code port} (0 for a free one) with its state in {@code dataDir}, applies
   * {@link #REGISTRATION}, and starts both knactors in this JVM.
   */
  public static Quickstart start(Path dataDir, int port, String adminToken)
      throws InterruptedException {
    KnactorServer server =
        KnactorServer.start(
            ServerConfig.builder()
                .dataDir(dataDir.toAbsolutePath())
                .port(port)
                .adminToken(adminToken)
                .build());
    try {
      ApplyResult registration = server.admin().apply(registration());
      // Hosted in the server's JVM, each knactor acts as its registered principal.
      ObjectExchange greeterConnection = server.connectAs("greeter");
      ObjectExchange counterConnection = server.connectAs("counter");
      Knactor greeter =
          Knactor.builder(Greeter.STORE, greeterConnection)
              .on(Greeter.GREETING, Greeter::reconcile)
              .build();
      Knactor counter =
          Knactor.builder(Counter.STORE, counterConnection)
              .on(Counter.VISIT, Counter::reconcile)
              .build();
      greeter.start();
      counter.start();
      greeter.awaitSynced();
      counter.awaitSynced();
      return new Quickstart(
          server,
          adminToken,
          registration,
          List.of(greeterConnection, counterConnection),
          greeter,
          counter);
    } catch (RuntimeException | InterruptedException e) {
      server.close();
      throw e;
    }
  }

  /** The registration YAML, as shipped in {@code examples/quickstart/knactors.yaml}. */
  public static String registration() {
    try (InputStream in = Quickstart.class.getResourceAsStream("/" + REGISTRATION)) {
      if (in == null) {
        throw new IllegalStateException(REGISTRATION + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the sample objects, as each service's own front end would: greetings into the Greeter's
   * store, visits into the Counter's.
   */
  public void writeSamples() {
    for (String name : List.of("Ada", "Grace", "Barbara")) {
      greeter.context().upsert(Greeter.GREETING, name.toLowerCase(), Json.object().put("to", name));
    }
    String[] pages = {"home", "pricing", "home", "docs", "home"};
    for (int i = 0; i < pages.length; i++) {
      counter
          .context()
          .upsert(Counter.VISIT, "visit-" + (i + 1), Json.object().put("page", pages[i]));
    }
  }

  /** Prints where the server listens and the {@code bin/knactor} commands that show the states. */
  public void printHowToInspect(PrintStream out) {
    out.println("Quickstart running: Knactor server at " + server.uri());
    out.println("Registered: " + registration.items().size() + " documents from " + REGISTRATION);
    out.println();
    out.println("Look at the states from another terminal:");
    out.println("  export KNACTOR_SERVER=" + server.uri());
    out.println("  export KNACTOR_TOKEN=" + adminToken);
    for (String command : inspectCommands()) {
      out.println("  " + command);
    }
    out.println();
    out.println("Stop with Ctrl-C.");
    out.flush();
  }

  /** The {@code bin/knactor} commands the quickstart suggests, in order. */
  public static List<String> inspectCommands() {
    return List.of(
        "bin/knactor get " + Greeter.STORE + " " + Greeter.GREETING,
        "bin/knactor get " + Counter.STORE + " " + Counter.PAGE_COUNT,
        "bin/knactor put "
            + Greeter.STORE
            + " "
            + Greeter.GREETING
            + " alan --data '{\"to\": \"Alan\"}'",
        "bin/knactor get " + Greeter.STORE + " " + Greeter.GREETING + " alan",
        "bin/knactor history " + Greeter.STORE + " " + Greeter.GREETING + " ada");
  }

  public KnactorServer server() {
    return server;
  }

  public String adminToken() {
    return adminToken;
  }

  /** Stops both knactors, then the server. */
  @Override
  public void close() {
    greeter.close();
    counter.close();
    connections.forEach(ObjectExchange::close);
    server.close();
  }

  private static String newToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
