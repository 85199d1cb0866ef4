package io.knactor.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.knactor.core.json.Json;
import io.knactor.server.KnactorServer;
import io.knactor.server.testing.TestServers;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every {@code sh} example of docs/api.md, in order, against a real server: each is a curl
 * command, translated to the same HTTP request, whose status must be 2xx or the one its {@code #
 * expect N} line names.
 */
class ApiDocExamplesTest {
  static final Path DOC = Path.of("..", "docs", "api.md");
  static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w+)\\n(.*?)^```");
  static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Z_]+)}?");

  @TempDir Path dir;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final Map<String, String> variables = new HashMap<>();
  final Map<String, String> files = new HashMap<>();

  record Example(String command, int expected) {}

  @Test
  void everyShellExampleRunsAsDocumented() throws Exception {
    List<Example> examples = examples(Files.readString(DOC));
    assertThat(examples).hasSizeGreaterThan(10);
    try (KnactorServer server = TestServers.start(dir)) {
      variables.put("KNACTOR", server.uri().toString());
      variables.put("ADMIN_TOKEN", TestServers.ADMIN_TOKEN);
      variables.put("CHECKOUT_TOKEN", "checkout-token-0123456789");
      for (Example example : examples) {
        run(example);
      }
    }
  }

  private List<Example> examples(String markdown) {
    List<Example> out = new ArrayList<>();
    Matcher fence = FENCE.matcher(markdown);
    while (fence.find()) {
      String language = fence.group(1);
      String body = fence.group(2);
      if (language.equals("yaml") && body.startsWith("# ")) {
        files.put(body.substring(2, body.indexOf('\n')).strip(), body);
      } else if (language.equals("sh")) {
        int expected = 0;
        StringBuilder command = new StringBuilder();
        for (String line : body.split("\n")) {
          if (line.startsWith("# expect ")) {
            expected = Integer.parseInt(line.substring("# expect ".length()).strip());
          } else if (line.endsWith("\\")) {
            command.append(line, 0, line.length() - 1).append(' ');
          } else if (!line.isBlank()) {
            command.append(line);
            out.add(new Example(command.toString(), expected));
            command.setLength(0);
            expected = 0;
          }
        }
      }
    }
    return out;
  }

  private void run(Example example) throws Exception {
    List<String> words = words(example.command());
    assertThat(words.get(0)).as(example.command()).isEqualTo("curl");
    String method = null;
    String url = null;
    String body = null;
    boolean stream = false;
    List<String[]> headers = new ArrayList<>();
    for (int i = 1; i < words.size(); i++) {
      String word = words.get(i);
      switch (word) {
        case "-s", "-N" -> {}
        case "--max-time" -> {
          stream = true;
          i++;
        }
        case "-X" -> method = words.get(++i);
        case "-H" -> {
          String header = words.get(++i);
          int colon = header.indexOf(':');
          headers.add(
              new String[] {header.substring(0, colon), header.substring(colon + 1).strip()});
        }
        case "-d", "--data", "--data-binary" -> {
          String value = words.get(++i);
          body = value.startsWith("@") ? files.get(value.substring(1)) : value;
          assertThat(body).as("file " + value).isNotNull();
        }
        default -> {
          assertThat(word).as("unknown curl word in " + example.command()).startsWith("http");
          url = word;
        }
      }
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .method(
                method != null ? method : body != null ? "POST" : "GET",
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(h -> request.header(h[0], h[1]));
    if (stream) {
      HttpResponse<InputStream> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        assertThat(response.statusCode()).as(example.command()).isEqualTo(200);
        assertThat(Json.parseObject(lines.readLine(), "event").get("type").asText())
            .isIn("ADDED", "MODIFIED", "DELETED", "BOOKMARK");
      }
      return;
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (example.expected() == 0) {
      assertThat(response.statusCode() / 100)
          .as(example.command() + "\n" + response.body())
          .isEqualTo(2);
    } else {
      assertThat(response.statusCode())
          .as(example.command() + "\n" + response.body())
          .isEqualTo(example.expected());
    }
    if (url.endsWith("/api/v1/apply") && response.statusCode() == 200) {
      for (JsonNode item : Json.parseObject(response.body(), "answer").get("items")) {
        String name = item.path("name").asText();
        if (item.hasNonNull("token")) {
          variables.put(
              name.equals("retail-cast")
                  ? "INTEGRATOR_TOKEN"
                  : name.equals("alice") ? "VIEWER_TOKEN" : name,
              item.get("token").asText());
        }
      }
    }
  }

  /** Splits a command line as a POSIX shell would, for the quoting the examples use. */
  private List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        word = word == null ? new StringBuilder() : word;
        word.append(line, i + 1, end);
        i = end;
      } else if (c == '"') {
        int end = line.indexOf('"', i + 1);
        word = word == null ? new StringBuilder() : word;
        word.append(expand(line.substring(i + 1, end)));
        i = end;
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }

  private String expand(String text) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = variables.get(m.group(1));
      assertThat(value).as("variable " + m.group(1)).isNotNull();
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
