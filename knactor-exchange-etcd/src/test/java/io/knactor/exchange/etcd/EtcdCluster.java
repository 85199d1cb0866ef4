package io.knactor.exchange.etcd;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Real etcd members ({@code etcd} from the PATH, Debian's etcd-server package) on free loopback
 * ports, each in its own data directory under {@code dir}; one member or several forming a cluster.
 * Members can be killed with SIGKILL; {@link #close} stops what is left.
 */
public final class EtcdCluster implements AutoCloseable {
  /** One member process and its client endpoint. */
  public record Member(String name, URI clientUrl, Process process) {}

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static EtcdCluster shared;

  private final List<Member> members = new ArrayList<>();
  private Path ownDir;

  private EtcdCluster() {}

  /**
   * One member shared by the tests of this JVM, in its own temporary directory, started on first
   * use and stopped (its directory deleted) when the JVM exits.
   */
  public static synchronized EtcdCluster shared() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("knactor-etcd");
        shared = start(dir, 1);
        shared.ownDir = dir;
        Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "knactor-etcd-stop"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  /** Starts {@code size} members forming one cluster and waits until it has a leader. */
  public static EtcdCluster start(Path dir, int size) {
    EtcdCluster cluster = new EtcdCluster();
    List<int[]> ports = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ports.add(new int[] {freePort(), freePort()});
    }
    String initial = "";
    for (int i = 0; i < size; i++) {
      initial += (i == 0 ? "" : ",") + "m" + i + "=http://127.0.0.1:" + ports.get(i)[1];
    }
    try {
      for (int i = 0; i < size; i++) {
        cluster.members.add(startMember(dir, "m" + i, ports.get(i), initial));
      }
      for (Member member : cluster.members) {
        awaitHealthy(member);
      }
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  public List<Member> members() {
    return List.copyOf(members);
  }

  /** The etcd URI of the whole cluster, e.g. {@code etcd://127.0.0.1:4001,127.0.0.1:4003}. */
  public URI uri(String query) {
    String hosts =
        members.stream()
            .map(m -> m.clientUrl().getHost() + ":" + m.clientUrl().getPort())
            .collect(Collectors.joining(","));
    return URI.create("etcd://" + hosts + (query == null ? "" : "?" + query));
  }

  public List<URI> endpoints() {
    return members.stream().map(Member::clientUrl).toList();
  }

  /** Kills one member with SIGKILL and waits until it is gone. */
  public void kill(Member member) {
    member.process().destroyForcibly();
    await().atMost(Duration.ofSeconds(30)).until(() -> !member.process().isAlive());
  }

  @Override
  public void close() {
    stopMembers();
    if (ownDir != null) {
      try (java.util.stream.Stream<Path> paths = Files.walk(ownDir)) {
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete " + ownDir, e);
      }
    }
  }

  private void stopMembers() {
    for (Member member : members) {
      member.process().destroy();
    }
    for (Member member : members) {
      try {
        if (!member.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          member.process().destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        member.process().destroyForcibly();
      }
    }
  }

  private static Member startMember(Path dir, String name, int[] ports, String initialCluster) {
    String client = "http://127.0.0.1:" + ports[0];
    String peer = "http://127.0.0.1:" + ports[1];
    try {
      Path data = Files.createDirectories(dir.resolve(name));
      Process process =
          new ProcessBuilder(
                  "etcd",
                  "--name=" + name,
                  "--data-dir=" + data.resolve("data"),
                  "--listen-client-urls=" + client,
                  "--advertise-client-urls=" + client,
                  "--listen-peer-urls=" + peer,
                  "--initial-advertise-peer-urls=" + peer,
                  "--initial-cluster=" + initialCluster,
                  "--initial-cluster-state=new",
                  "--initial-cluster-token=knactor-test",
                  // Two full copies of a 1 MiB document (object and history) fit in one write.
                  "--max-request-bytes=8388608",
                  "--heartbeat-interval=50",
                  "--election-timeout=500")
              .redirectErrorStream(true)
              .redirectOutput(data.resolve("etcd.log").toFile())
              .start();
      return new Member(name, URI.create(client + "/"), process);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start etcd (install Debian's etcd-server package): " + e.getMessage(), e);
    }
  }

  private static void awaitHealthy(Member member) {
    HttpRequest health = HttpRequest.newBuilder(member.clientUrl().resolve("/health")).build();
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () -> {
              if (!member.process().isAlive()) {
                throw new IllegalStateException(
                    "etcd member " + member.name() + " exited: " + member.process().exitValue());
              }
              HttpResponse<String> response =
                  HTTP.send(health, HttpResponse.BodyHandlers.ofString());
              return response.statusCode() == 200 && response.body().contains("true");
            });
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
