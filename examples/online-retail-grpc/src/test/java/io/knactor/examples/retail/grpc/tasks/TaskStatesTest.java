package io.knactor.examples.retail.grpc.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.knactor.examples.retail.grpc.api.cart.AddItemRequest;
import io.knactor.examples.retail.grpc.api.cart.CartItem;
import io.knactor.examples.retail.grpc.api.cart.CartServiceGrpc;
import io.knactor.examples.retail.grpc.api.checkout.CheckoutServiceGrpc;
import io.knactor.examples.retail.grpc.api.checkout.CreditCardInfo;
import io.knactor.examples.retail.grpc.api.checkout.OrderResult;
import io.knactor.examples.retail.grpc.api.checkout.PlaceOrderRequest;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The earlier task states of the gRPC app (tasks/T0..T2 over the module's sources) build with the
 * same protoc and gRPC plugin as the module, and run: each places an order as that state should.
 * Only Checkout's and Cart's APIs are used from here; they are the same in every state.
 */
class TaskStatesTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final String EXPENSIVE = "1YMWWN1N4O"; // a watch; ten cost over 1000 USD

  @TempDir Path work;

  @Test
  void beforeT1CheckoutNeitherChargesNorShips() throws Exception {
    OrderResult order = placeExpensiveOrder("T0");

    assertThat(order.getCost()).isEqualTo(1099.9);
    assertThat(order.getTotalCost()).isEqualTo(order.getCost());
    assertThat(order.getShippingMethod()).isEmpty();
    assertThat(order.getShippingTrackingId()).isEmpty();
    assertThat(order.getPaymentTransactionId()).isEmpty();
  }

  @Test
  void afterT1CheckoutChargesAndShipsEveryOrderByGround() throws Exception {
    OrderResult order = placeExpensiveOrder("T1");

    assertThat(order.getShippingMethod()).isEqualTo("ground");
    assertThat(order.getTotalCost()).isEqualTo(1099.9 + 6.49);
    assertThat(order.getShippingTrackingId()).isNotEmpty();
    assertThat(order.getPaymentTransactionId()).isNotEmpty();
  }

  @Test
  void afterT2AnOrderOverAThousandShipsByAir() throws Exception {
    OrderResult order = placeExpensiveOrder("T2");

    assertThat(order.getShippingMethod()).isEqualTo("air");
    assertThat(order.getTotalCost()).isEqualTo(1099.9 + 23.99);
  }

  @Test
  void earlierStatesDifferFromTheModuleOnlyInFilesTheyHold() {
    assertThat(new TaskState(MODULE, "T3").files()).containsKey("deploy/services.yaml");
    Map<String, Path> t2 = new TaskState(MODULE, "T2").files();
    assertThat(t2.get("src/main/proto/shipping.proto"))
        .isEqualTo(MODULE.resolve("tasks/T2/src/main/proto/shipping.proto"));
    assertThat(t2.get("src/main/proto/cart.proto"))
        .isEqualTo(MODULE.resolve("src/main/proto/cart.proto"));
  }

  @Test
  void shippingsAddressFieldIsAddrUntilT3RenamesIt() throws Exception {
    for (String task : List.of("T0", "T1", "T2")) {
      assertThat(Files.readString(shippingProto(task))).as(task).contains("string addr = ");
    }
    assertThat(Files.readString(shippingProto("T3")))
        .contains("string address = ")
        .doesNotContain("string addr = ");
  }

  private static Path shippingProto(String task) {
    return new TaskState(MODULE, task).files().get("src/main/proto/shipping.proto");
  }

  private OrderResult placeExpensiveOrder(String task) throws Exception {
    TaskState state = new TaskState(MODULE, task);
    try (URLClassLoader loader = build(state)) {
      Class<?> deployment = loader.loadClass("io.knactor.examples.retail.grpc.Deployment");
      Class<?> appType = loader.loadClass("io.knactor.examples.retail.grpc.RetailGrpcApp");
      Path services = state.files().get("deploy/services.yaml");
      Object parsed =
          deployment
              .getMethod("parse", String.class, String.class)
              .invoke(null, Files.readString(services), services.toString());
      Clock clock = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);
      try (AutoCloseable app =
          (AutoCloseable)
              appType.getMethod("start", deployment, Clock.class).invoke(null, parsed, clock)) {
        Method port = appType.getMethod("port", String.class);
        return placeOrder((int) port.invoke(app, "cart"), (int) port.invoke(app, "checkout"));
      }
    }
  }

  private static OrderResult placeOrder(int cartPort, int checkoutPort) throws Exception {
    ManagedChannel cart =
        NettyChannelBuilder.forAddress("127.0.0.1", cartPort).usePlaintext().build();
    ManagedChannel checkout =
        NettyChannelBuilder.forAddress("127.0.0.1", checkoutPort).usePlaintext().build();
    try {
      CartServiceGrpc.newBlockingStub(cart)
          .addItem(
              AddItemRequest.newBuilder()
                  .setUserId("ada")
                  .setItem(CartItem.newBuilder().setProductId(EXPENSIVE).setQuantity(10))
                  .build());
      return CheckoutServiceGrpc.newBlockingStub(checkout)
          .placeOrder(
              PlaceOrderRequest.newBuilder()
                  .setUserId("ada")
                  .setUserCurrency("USD")
                  .setAddress("1 Main St")
                  .setEmail("ada@example.com")
                  .setCreditCard(
                      CreditCardInfo.newBuilder()
                          .setNumber("4111111111111111")
                          .setExpirationYear(2030)
                          .setExpirationMonth(1))
                  .build())
          .getOrder();
    } finally {
      cart.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      checkout.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** Generates the state's stubs, compiles it, and loads it ahead of the module's own classes. */
  private URLClassLoader build(TaskState state) throws Exception {
    Path generated = Files.createDirectories(work.resolve("generated"));
    Path classes = Files.createDirectories(work.resolve("classes"));
    List<Path> protos = new ArrayList<>();
    List<Path> sources = new ArrayList<>();
    state
        .files()
        .forEach(
            (relative, file) -> {
              if (relative.endsWith(".proto")) {
                protos.add(file);
              } else if (relative.endsWith(".java")) {
                sources.add(file);
              }
            });
    Path protoDir = Files.createDirectories(work.resolve("proto"));
    for (Path proto : protos) {
      Files.copy(proto, protoDir.resolve(proto.getFileName()));
    }
    protoc(protoDir, generated);
    try (var files = Files.walk(generated)) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
    }
    compile(sources, classes);
    URL[] urls = {classes.toUri().toURL()};
    return new ChildFirstLoader(urls, getClass().getClassLoader());
  }

  private static void protoc(Path protoDir, Path out) throws IOException, InterruptedException {
    String repository = System.getProperty("retail.mavenRepository");
    String protobuf = System.getProperty("retail.protobufVersion");
    String grpc = System.getProperty("retail.grpcVersion");
    String classifier = System.getProperty("retail.platform");
    Path tools = protoDir.resolveSibling("tools");
    Path protoc =
        executable(
            Path.of(repository, "com/google/protobuf/protoc", protobuf)
                .resolve("protoc-" + protobuf + "-" + classifier + ".exe"),
            tools);
    Path plugin =
        executable(
            Path.of(repository, "io/grpc/protoc-gen-grpc-java", grpc)
                .resolve("protoc-gen-grpc-java-" + grpc + "-" + classifier + ".exe"),
            tools);
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            protoc.toString(),
            "--plugin=protoc-gen-grpc-java=" + plugin,
            "--java_out=" + out,
            "--grpc-java_out=@generated=omit:" + out,
            "--proto_path=" + protoDir));
    try (var files = Files.list(protoDir)) {
      files.map(Path::toString).sorted().forEach(command::add);
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as("protoc failed: %s", output).isZero();
  }

  /**
   * A copy of a tool from the Maven repository that may be run: Maven stores artifacts without the
   * execute bit (the protobuf plugin copies them too before running them).
   */
  private static Path executable(Path artifact, Path dir) throws IOException {
    Path copy = Files.createDirectories(dir).resolve(artifact.getFileName());
    Files.copy(artifact, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    if (!copy.toFile().setExecutable(true)) {
      throw new IOException("cannot make " + copy + " executable");
    }
    return copy;
  }

  private static void compile(List<Path> sources, Path classes) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    String classpath =
        List.of(
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"))
                    .split(File.pathSeparator))
            .stream()
            .filter(
                entry -> !Path.of(entry).toAbsolutePath().equals(MODULE.resolve("target/classes")))
            .collect(Collectors.joining(File.pathSeparator));
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null)) {
      boolean ok =
          javac
              .getTask(
                  null,
                  files,
                  diagnostics,
                  List.of("-d", classes.toString(), "-classpath", classpath, "--release", "17"),
                  null,
                  files.getJavaFileObjectsFromPaths(sources))
              .call();
      assertThat(ok)
          .as(
              "the state does not compile:%n%s",
              diagnostics.getDiagnostics().stream()
                  .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                  .map(Object::toString)
                  .collect(Collectors.joining("\n")))
          .isTrue();
    }
  }

  /** Loads the app's classes from the state, everything else from the test's class path. */
  private static final class ChildFirstLoader extends URLClassLoader {
    ChildFirstLoader(URL[] urls, ClassLoader parent) {
      super(urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("io.knactor.examples.retail.grpc.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          loaded = findClass(name);
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }
  }
}
