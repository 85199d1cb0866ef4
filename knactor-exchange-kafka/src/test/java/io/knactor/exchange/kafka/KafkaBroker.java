package io.knactor.exchange.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) in a child JVM started from the
 * broker jars on the test class path: formats a temporary log directory, picks free ports, waits
 * until the broker answers, and kills it on {@link #close}. {@link #shared()} starts one per test
 * JVM.
 */
public final class KafkaBroker implements AutoCloseable {
  private static KafkaBroker shared;

  private final Path dir;
  private final int port;
  private final Process process;

  private KafkaBroker(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /** One broker for the whole test JVM, stopped when the JVM exits. */
  public static synchronized KafkaBroker shared() {
    if (shared == null) {
      shared = start();
      KafkaBroker broker = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
    }
    return shared;
  }

  public static KafkaBroker start() {
    try {
      Path dir = Files.createTempDirectory("knactor-kafka");
      int port = freePort();
      int controllerPort = freePort();
      Path config = dir.resolve("server.properties");
      Files.writeString(
          config,
          String.join(
              "\n",
              "process.roles=broker,controller",
              "node.id=1",
              "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
              "listeners=PLAINTEXT://127.0.0.1:"
                  + port
                  + ",CONTROLLER://127.0.0.1:"
                  + controllerPort,
              "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
              "controller.listener.names=CONTROLLER",
              "inter.broker.listener.name=PLAINTEXT",
              "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
              "log.dirs=" + dir.resolve("data"),
              "num.partitions=1",
              "auto.create.topics.enable=false",
              "offsets.topic.replication.factor=1",
              "offsets.topic.num.partitions=1",
              "transaction.state.log.replication.factor=1",
              "transaction.state.log.min.isr=1",
              "transaction.state.log.num.partitions=1",
              "group.initial.rebalance.delay.ms=0",
              // Tests apply retention themselves; the broker's own pass would race them.
              "log.retention.check.interval.ms=" + Integer.MAX_VALUE,
              ""));
      run(
              dir,
              "format",
              List.of(
                  "kafka.tools.StorageTool",
                  "format",
                  "-t",
                  Uuid.randomUuid().toString(),
                  "-c",
                  config.toString()))
          .waitFor(60, TimeUnit.SECONDS);
      Process broker = run(dir, "broker", List.of("kafka.Kafka", config.toString()));
      KafkaBroker started = new KafkaBroker(dir, port, broker);
      started.awaitReady();
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code 127.0.0.1:port}, for bootstrap.servers. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                90_000))) {
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "the Kafka broker exited with " + process.exitValue() + "; see " + dir);
        }
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception e) {
          if (System.nanoTime() > deadline) {
            close();
            throw new IllegalStateException("the Kafka broker did not start; see " + dir, e);
          }
        }
      }
    }
  }

  private static Process run(Path dir, String name, List<String> mainAndArgs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.addAll(mainAndArgs);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile())
        .start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
