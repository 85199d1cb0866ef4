package io.knactor.server.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.knactor.cast.spec.CastSpecParser;
import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.SpecException;
import io.knactor.core.model.Names;
import io.knactor.core.model.StoreRef;
import io.knactor.core.schema.SchemaParser;
import io.knactor.server.registry.RegistryDocument.CastDocument;
import io.knactor.server.registry.RegistryDocument.GrantDocument;
import io.knactor.server.registry.RegistryDocument.KnactorDocument;
import io.knactor.server.registry.RegistryDocument.PrincipalDocument;
import io.knactor.server.registry.RegistryDocument.SchemaDocument;
import io.knactor.server.registry.RegistryDocument.Source;
import io.knactor.server.registry.RegistryDocument.SyncDocument;
import io.knactor.sync.spec.SyncSpecParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the multi-document YAML of {@code POST /api/v1/apply} into {@link RegistryDocument}s.
 * Documents are separated by {@code ---} lines; a document whose first key is {@code schema:} is a
 * schema in the schema language, any other is YAML with a {@code kind} of Knactor, Principal or
 * Grant, or a Cast or Sync spec. Line numbers are those of the whole request. Every document is
 * parsed before anything is reported, so one answer lists every problem.
 */
public final class ApplyParser {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Pattern SEPARATOR = Pattern.compile("---(\\s.*)?");
  private static final Pattern SCHEMA_PROBLEM = Pattern.compile("document (\\d+):(\\d+): (.*)");

  private final List<String> malformed = new ArrayList<>();
  private final Problems problems = new Problems();

  private ApplyParser() {}

  /**
   * @throws InvalidInputException when a document is not well-formed YAML, naming document, line
   *     and column
   * @throws SpecException listing every document that does not describe a valid registration
   */
  public static List<RegistryDocument> parse(String text) {
    ApplyParser parser = new ApplyParser();
    List<RegistryDocument> documents = parser.run(text);
    if (!parser.malformed.isEmpty()) {
      throw new InvalidInputException(String.join("\n", parser.malformed), "body");
    }
    parser.problems.throwIfAny();
    if (documents.isEmpty()) {
      throw new InvalidInputException("the request holds no documents", "body");
    }
    return documents;
  }

  private List<RegistryDocument> run(String text) {
    List<RegistryDocument> documents = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    int start = 0;
    int index = 0;
    for (int i = 0; i <= lines.length; i++) {
      boolean end = i == lines.length;
      if (end || SEPARATOR.matcher(lines[i]).matches() || lines[i].equals("...")) {
        int first = firstContent(lines, start, i);
        if (first >= 0) {
          index++;
          String chunk = String.join("\n", java.util.Arrays.copyOfRange(lines, start, i));
          RegistryDocument document = document(chunk, index, start + 1, first + 1);
          if (document != null) {
            documents.add(document);
          }
        }
        start = i + 1;
      }
    }
    return documents;
  }

  /** The index of the first line with content in [from, to), or -1. */
  private static int firstContent(String[] lines, int from, int to) {
    for (int i = from; i < to; i++) {
      String stripped = lines[i].strip();
      if (!stripped.isEmpty() && !stripped.startsWith("#")) {
        return i;
      }
    }
    return -1;
  }

  private RegistryDocument document(String chunk, int index, int chunkLine, int contentLine) {
    String firstContent = chunk.split("\n", -1)[contentLine - chunkLine].strip();
    if (firstContent.startsWith("schema:")) {
      return schema(chunk, index, chunkLine, contentLine);
    }
    // Padding keeps the YAML parser's line numbers, including those in its messages, file-wide.
    String padded = "\n".repeat(chunkLine - 1) + chunk;
    JsonNode tree;
    Map<String, Integer> keyLines;
    try {
      tree = YAML.readTree(padded);
      keyLines = keyLines(padded);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().split("\n")[0];
      malformed.add("malformed YAML in document " + index + where + ": " + message);
      return null;
    } catch (IOException e) {
      malformed.add("unreadable YAML in document " + index + ": " + e.getMessage());
      return null;
    }
    Source source = new Source(index, contentLine, keyLines);
    if (tree == null || !tree.isObject()) {
      problems.add(source, null, "a document must be a mapping with a 'kind' or a schema");
      return null;
    }
    ObjectNode node = (ObjectNode) tree;
    Fields fields = new Fields(node, source, problems);
    String kind = fields.text("kind", true);
    if (kind == null) {
      return null;
    }
    return switch (kind) {
      case "Cast" ->
          integrator(
              () ->
                  new CastDocument(
                      source, CastSpecParser.parse(padded, "document " + index), chunk));
      case "Sync" ->
          integrator(
              () ->
                  new SyncDocument(
                      source, SyncSpecParser.parse(padded, "document " + index), chunk));
      case "Knactor" -> knactor(fields, source);
      case "Principal" -> principal(fields, source);
      case "Grant" -> grant(fields, source);
      default -> {
        problems.add(
            source,
            "kind",
            "unknown kind '"
                + kind
                + "' (expected Knactor, Principal, Grant, Cast or Sync, or a schema)");
        yield null;
      }
    };
  }

  private RegistryDocument schema(String chunk, int index, int chunkLine, int contentLine) {
    try {
      return new SchemaDocument(
          new Source(index, contentLine, Map.of()),
          SchemaParser.parse(chunk, "document " + index, chunkLine));
    } catch (SpecException e) {
      for (String line : e.getMessage().split("\n")) {
        Matcher m = SCHEMA_PROBLEM.matcher(line.strip());
        if (m.matches()) {
          problems.addLocated(
              "document " + m.group(1) + ", line " + m.group(2) + ": " + m.group(3));
        }
      }
      return null;
    }
  }

  /** A Cast or Sync document; the parser's problems name the document's lines. */
  private RegistryDocument integrator(Supplier<RegistryDocument> parse) {
    try {
      return parse.get();
    } catch (SpecException e) {
      for (String line : e.getMessage().split("\n")) {
        if (line.startsWith("  ")) {
          problems.addLocated(line.strip());
        }
      }
      return null;
    }
  }

  private RegistryDocument knactor(Fields fields, Source source) {
    fields.onlyKeys("kind", "name", "principal");
    StoreRef store = fields.store("name");
    String principal = fields.principalName("principal");
    return store == null || principal == null
        ? null
        : new KnactorDocument(source, new KnactorRegistration(store, principal));
  }

  private RegistryDocument principal(Fields fields, Source source) {
    fields.onlyKeys("kind", "name", "role", "token");
    String name = fields.principalName("name");
    String roleText = fields.text("role", true);
    Role role = null;
    if (roleText != null) {
      role = Role.parse(roleText).orElse(null);
      if (role == null) {
        problems.add(
            source, "role", "unknown role '" + roleText + "' (expected " + Role.choices() + ")");
      }
    }
    String token = fields.text("token", false);
    if (token != null && token.length() < Tokens.MIN_LENGTH) {
      problems.add(source, "token", "a token needs at least " + Tokens.MIN_LENGTH + " characters");
      token = null;
    }
    if (name != null && name.equals(Principal.ADMIN)) {
      problems.add(
          source, "name", "the name 'admin' is reserved for the server's configured admin token");
      return null;
    }
    return name == null || role == null ? null : new PrincipalDocument(source, name, role, token);
  }

  private RegistryDocument grant(Fields fields, Source source) {
    fields.onlyKeys("kind", "principal", "store", "objectKind", "fields", "verbs");
    String principal = fields.principalName("principal");
    StoreRef store = fields.store("store");
    String kind = fields.text("objectKind", true);
    if (kind != null && !Names.KIND.matcher(kind).matches()) {
      problems.add(
          source, "objectKind", "invalid kind '" + kind + "': must match " + Names.KIND.pattern());
      kind = null;
    }
    Set<Verb> verbs = EnumSet.noneOf(Verb.class);
    List<String> verbTexts = fields.strings("verbs", true);
    if (verbTexts != null) {
      for (String text : verbTexts) {
        Verb.parse(text)
            .ifPresentOrElse(
                verbs::add,
                () ->
                    problems.add(
                        source, "verbs", "unknown verb '" + text + "' (expected read or write)"));
      }
      if (verbTexts.isEmpty()) {
        problems.add(source, "verbs", "a grant needs at least one verb (read, write)");
      }
    }
    List<String> grantedFields = fields.strings("fields", verbs.contains(Verb.WRITE));
    if (grantedFields == null) {
      grantedFields = List.of(Grant.ALL_FIELDS);
    } else if (grantedFields.isEmpty()) {
      problems.add(source, "fields", "fields lists no field; use [\"*\"] for every field");
    } else if (grantedFields.contains(Grant.ALL_FIELDS) && grantedFields.size() > 1) {
      problems.add(source, "fields", "\"*\" grants every field and cannot be combined with others");
    }
    return principal == null || store == null || kind == null || verbs.isEmpty()
        ? null
        : new GrantDocument(source, new Grant(principal, store, kind, grantedFields, verbs));
  }

  private static Map<String, Integer> keyLines(String yaml) throws IOException {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = YAML.getFactory().createParser(yaml)) {
      int depth = 0;
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token.isStructStart()) {
          depth++;
        } else if (token.isStructEnd()) {
          depth--;
        } else if (token == JsonToken.FIELD_NAME && depth == 1) {
          lines.putIfAbsent(parser.currentName(), parser.currentTokenLocation().getLineNr());
        }
      }
    }
    return lines;
  }
}
