package io.knactor.examples.kit;

import io.knactor.core.exchange.ObjectExchange;
import io.knactor.core.log.LogExchange;
import io.knactor.sdk.Knactor;
import io.knactor.server.KnactorServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The knactors of an example app running in its Knactor server's JVM, each connected as its own
 * principal through in-JVM connections to the object and log exchanges (the checks of the HTTP API,
 * no serialization), and the server they run in. Closing stops the knactors, closes their
 * connections, then the server. Not thread-safe: an app starts and stops its knactors from one
 * thread.
 */
public final class HostedKnactors implements AutoCloseable {
  private final KnactorServer server;
  private final String adminToken;
  private final Map<String, Knactor> knactors = new LinkedHashMap<>();
  private final List<ObjectExchange> connections = new ArrayList<>();

  /** Hosts knactors in {@code server}, whose admin token is {@code adminToken}; owns the server. */
  public HostedKnactors(KnactorServer server, String adminToken) {
    this.server = server;
    this.adminToken = adminToken;
  }

  /** A new in-JVM connection acting as the registered principal {@code principal}. */
  public ObjectExchange connect(String principal) {
    ObjectExchange connection = server.connectAs(principal);
    connections.add(connection);
    return connection;
  }

  /**
   * A connection to the server's log exchange acting as the registered principal {@code principal}:
   * a knactor creates, appends to and reads only its own log stores through it.
   */
  public LogExchange logs(String principal) {
    return server.connectLogsAs(principal);
  }

  /** Starts {@code knactor} under {@code name} (its principal's name, by convention). */
  public Knactor start(String name, Knactor knactor) {
    knactors.put(name, knactor);
    knactor.start();
    return knactor;
  }

  /** Stops the knactor {@code name} and forgets it; its connection stays open. */
  public void stop(String name) {
    knactor(name).close();
    knactors.remove(name);
  }

  /** Waits until every running knactor has listed and handled its store once. */
  public void awaitSynced() throws InterruptedException {
    for (Knactor knactor : knactors.values()) {
      knactor.awaitSynced();
    }
  }

  /** The running knactor {@code name}, e.g. {@code checkout}. */
  public Knactor knactor(String name) {
    Knactor knactor = knactors.get(name);
    if (knactor == null) {
      throw new IllegalArgumentException(
          "no knactor " + name + " (have " + knactors.keySet() + ")");
    }
    return knactor;
  }

  /** The running knactors by name, in start order. */
  public Map<String, Knactor> knactors() {
    return Map.copyOf(knactors);
  }

  public KnactorServer server() {
    return server;
  }

  public String adminToken() {
    return adminToken;
  }

  /** Stops the knactors, closes their connections, then the server. */
  @Override
  public void close() {
    try {
      knactors.values().forEach(Knactor::close);
      connections.forEach(ObjectExchange::close);
    } finally {
      server.close();
    }
  }
}
