package io.knactor.examples.retail.grpc;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.knactor.examples.retail.grpc.cart.CartService;
import io.knactor.examples.retail.grpc.checkout.CheckoutService;
import io.knactor.examples.retail.grpc.currency.CurrencyService;
import io.knactor.examples.retail.grpc.email.EmailService;
import io.knactor.examples.retail.grpc.payment.PaymentService;
import io.knactor.examples.retail.grpc.productcatalog.ProductCatalogService;
import io.knactor.examples.retail.grpc.shipping.ShippingService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC online-retail app in one JVM: each service of a {@link Deployment} its own server on the
 * loopback interface, and each caller its own channels to the services it calls. Services start
 * callees first. {@link #close()} stops everything. Not thread-safe: one owner starts, stops and
 * closes it.
 */
public final class RetailGrpcApp implements AutoCloseable {
  private static final String HOST = "127.0.0.1";

  private final Map<String, BindableService> services = new LinkedHashMap<>();
  private final Map<String, Server> servers = new LinkedHashMap<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  private RetailGrpcApp() {}

  /**
   * Starts every service of {@code deployment}; {@code clock} is the Payment service's, for card
   * expiry.
   *
   * @throws IllegalArgumentException when the services call each other in a cycle or one is not a
   *     service of this app
   */
  public static RetailGrpcApp start(Deployment deployment, Clock clock) {
    RetailGrpcApp app = new RetailGrpcApp();
    try {
      for (Deployment.Service service : startOrder(deployment)) {
        app.startService(service, clock);
      }
      return app;
    } catch (RuntimeException e) {
      app.close();
      throw e;
    }
  }

  private static List<Deployment.Service> startOrder(Deployment deployment) {
    List<Deployment.Service> order = new ArrayList<>();
    List<Deployment.Service> left = new ArrayList<>(deployment.services().values());
    while (!left.isEmpty()) {
      List<Deployment.Service> ready =
          left.stream()
              .filter(
                  s ->
                      s.calls().stream()
                          .allMatch(c -> order.stream().anyMatch(o -> o.name().equals(c))))
              .toList();
      if (ready.isEmpty()) {
        throw new IllegalArgumentException(
            "the services "
                + left.stream().map(Deployment.Service::name).sorted().toList()
                + " call each other in a cycle");
      }
      order.addAll(ready);
      left.removeAll(ready);
    }
    return order;
  }

  private void startService(Deployment.Service service, Clock clock) {
    Map<String, ManagedChannel> peers = new LinkedHashMap<>();
    for (String callee : service.calls()) {
      ManagedChannel channel = channelTo(callee);
      peers.put(callee, channel);
    }
    BindableService implementation =
        create(service.name(), new Peers(service.name(), peers), clock);
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(HOST, service.port()))
            .addService(implementation)
            .build();
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start " + service.name() + " on port " + service.port() + ": " + e.getMessage(),
          e);
    }
    services.put(service.name(), implementation);
    servers.put(service.name(), server);
  }

  private static BindableService create(String name, Peers peers, Clock clock) {
    return switch (name) {
      case "cart" -> new CartService();
      case "productcatalog" -> new ProductCatalogService();
      case "currency" -> new CurrencyService();
      case "payment" -> new PaymentService(clock);
      case "shipping" -> new ShippingService();
      case "email" -> new EmailService();
      case "checkout" -> new CheckoutService(peers);
      default ->
          throw new IllegalArgumentException(
              "'"
                  + name
                  + "' is not a service of the app (services: cart, productcatalog, currency,"
                  + " payment, shipping, email, checkout)");
    };
  }

  /**
   * A new plaintext channel to {@code service}, closed with the app: how a front end or another
   * caller reaches it.
   */
  public ManagedChannel channelTo(String service) {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(HOST, port(service)).usePlaintext().build();
    channels.add(channel);
    return channel;
  }

  /** The port {@code service} listens on. */
  public int port(String service) {
    return ((InetSocketAddress) server(service).getListenSockets().get(0)).getPort();
  }

  /** The implementation of {@code service}, e.g. to read the Email service's outbox. */
  public <T extends BindableService> T service(String service, Class<T> type) {
    server(service);
    return type.cast(services.get(service));
  }

  /**
   * Stops {@code service}'s server, as a crash or a redeployment would; its callers see it gone.
   */
  public void stop(String service) throws InterruptedException {
    Server server = server(service);
    server.shutdownNow();
    server.awaitTermination(10, TimeUnit.SECONDS);
  }

  private Server server(String service) {
    Server server = servers.get(service);
    if (server == null) {
      throw new IllegalArgumentException(
          "no service '" + service + "' is deployed (deployed: " + servers.keySet() + ")");
    }
    return server;
  }

  @Override
  public void close() {
    channels.forEach(ManagedChannel::shutdownNow);
    servers.values().forEach(Server::shutdownNow);
    try {
      for (Server server : servers.values()) {
        server.awaitTermination(10, TimeUnit.SECONDS);
      }
      for (ManagedChannel channel : channels) {
        channel.awaitTermination(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
