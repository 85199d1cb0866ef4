package io.knactor.examples.retail.grpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each service of the app listens and which services it calls, as read from a deployment file
 * such as {@code deploy/services.yaml}.
 */
public record Deployment(Map<String, Service> services) {
  /** The default deployment file, on the classpath and in {@code examples/online-retail-grpc}. */
  public static final String FILE = "deploy/services.yaml";

  /** One service: its port (0 for any free one) and the services it calls, by name. */
  public record Service(String name, int port, List<String> calls) {
    public Service {
      calls = List.copyOf(calls);
    }
  }

  public Deployment {
    services = Map.copyOf(services);
  }

  /** Reads {@link #FILE} from the classpath. */
  public static Deployment load() {
    try (InputStream in = Deployment.class.getClassLoader().getResourceAsStream(FILE)) {
      if (in == null) {
        throw new IllegalStateException(FILE + " is missing from the classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), FILE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses a deployment file.
   *
   * @throws IllegalArgumentException naming {@code source} and what is wrong: not YAML, no {@code
   *     services}, a bad port, or a call to a service the file does not declare
   */
  public static Deployment parse(String yaml, String source) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          source + ": not a YAML document: " + e.getOriginalMessage(), e);
    }
    JsonNode declared = root == null ? null : root.get("services");
    if (declared == null || !declared.isObject() || declared.isEmpty()) {
      throw new IllegalArgumentException(source + ": expected a map 'services' of services");
    }
    Map<String, Service> services = new LinkedHashMap<>();
    declared
        .fields()
        .forEachRemaining(e -> services.put(e.getKey(), service(e.getKey(), e.getValue(), source)));
    services.values().stream()
        .flatMap(s -> s.calls().stream().map(callee -> Map.entry(s.name(), callee)))
        .filter(call -> !services.containsKey(call.getValue()))
        .findFirst()
        .ifPresent(
            call -> {
              throw new IllegalArgumentException(
                  source
                      + ": services."
                      + call.getKey()
                      + ".calls names an undeclared service '"
                      + call.getValue()
                      + "' (declared: "
                      + services.keySet()
                      + ")");
            });
    return new Deployment(services);
  }

  private static Service service(String name, JsonNode node, String source) {
    JsonNode port = node.path("port");
    if (!port.canConvertToInt() || port.asInt() < 0 || port.asInt() > 65535) {
      throw new IllegalArgumentException(
          source + ": services." + name + ".port must be a port number (0 for any), got " + port);
    }
    List<String> calls = new ArrayList<>();
    node.path("calls").forEach(callee -> calls.add(callee.asText()));
    return new Service(name, port.asInt(), calls);
  }
}
