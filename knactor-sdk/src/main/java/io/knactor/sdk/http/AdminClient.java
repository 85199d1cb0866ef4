package io.knactor.sdk.http;

import io.knactor.core.error.KnactorException;
import io.knactor.core.model.SchemaRef;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

/**
 * The registry side of the API, for the CLI and for tooling: apply YAML, list what is registered,
 * check health. Registry reads need an admin or viewer token; {@link #apply} needs admin. Errors
 * are thrown as the server answered them (see {@link StatusCodec}). Thread-safe.
 */
public final class AdminClient {
  private final HttpTransport transport;

  /**
   * @param baseUrl the server, e.g. {@code http://127.0.0.1:8080}
   * @param token an admin token (or a viewer's, for the read methods); null or empty sends none
   */
  public AdminClient(URI baseUrl, String token) {
    this.transport = new HttpTransport(baseUrl, token);
  }

  /**
   * Applies multi-document YAML (schemas, Knactor, Principal and Grant documents), all or nothing.
   *
   * @throws io.knactor.core.error.InvalidInputException for malformed YAML (400), naming the line
   * @throws io.knactor.core.error.SpecException when a document does not check (422), naming the
   *     document and line
   */
  public ApplyResult apply(String yaml) {
    return RegistryCodec.decodeApplyResult(
        transport.send(
            "POST", "/api/v1/apply", yaml.getBytes(StandardCharsets.UTF_8), "application/yaml"));
  }

  public List<SchemaInfo> schemas() {
    return RegistryCodec.decodeSchemas(transport.get("/api/v1/schemas"));
  }

  /**
   * @throws io.knactor.core.error.NotFoundException when no such schema is registered
   */
  public SchemaInfo schema(SchemaRef ref) {
    return RegistryCodec.decodeSchema(transport.get("/api/v1/schemas/" + ref));
  }

  public List<KnactorInfo> knactors() {
    return RegistryCodec.decodeKnactors(transport.get("/api/v1/knactors"));
  }

  public List<PrincipalInfo> principals() {
    return RegistryCodec.decodePrincipals(transport.get("/api/v1/principals"));
  }

  public List<GrantInfo> grants() {
    return RegistryCodec.decodeGrants(transport.get("/api/v1/grants"));
  }

  /** The exchange's current resourceVersion. */
  public long version() {
    return WireFields.version(transport.get("/api/v1/version"), "resourceVersion", "");
  }

  /** True when the server answers {@code GET /healthz} with ok; false when it cannot be reached. */
  public boolean healthy() {
    try {
      return "ok".equals(transport.get("/healthz").path("status").asText());
    } catch (KnactorException e) {
      return false;
    }
  }

  /**
   * Sends any request of the API and hands back the server's JSON answer as it is, e.g. to print it
   * verbatim. An error answer is thrown as {@link StatusCodec} maps it.
   *
   * @param pathAndQuery e.g. {@code /api/v1/stores/Demo/v1/Greeter/greeter/objects}
   * @param contentType the body's type, or null with no body
   * @param body the request body, or null to send none
   * @throws ServerUnreachableException when no connection to the server could be opened
   */
  public ApiAnswer send(String method, String pathAndQuery, String contentType, byte[] body) {
    return transport.answer(method, pathAndQuery, contentType, body);
  }

  /**
   * Opens a streaming GET, such as a watch ({@code ?watch=true}), and returns its lines (one JSON
   * event each) as they arrive; close the stream to stop. An error answer before the stream starts
   * is thrown.
   *
   * @throws ServerUnreachableException when no connection to the server could be opened
   */
  public Stream<String> lines(String pathAndQuery) {
    return transport.lines(pathAndQuery);
  }

  /** The Prometheus text of {@code GET /metrics}. */
  public String metrics() {
    return transport.text("/metrics");
  }
}
