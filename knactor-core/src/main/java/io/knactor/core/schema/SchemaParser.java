package io.knactor.core.schema;

import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.SpecException;
import io.knactor.core.model.SchemaRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the schema language of the Knactor paper's Figure 5:
 *
 * <pre>
 * schema: OnlineRetail/v1/Checkout/Order
 * items: array
 *   name: string
 *   quantity: integer
 * address: string
 * cost: number
 * shippingCost: number # +kr: external
 * </pre>
 *
 * <p>Each line declares {@code name: type}. Types are {@code string}, {@code number}, {@code
 * integer}, {@code boolean}, {@code object}, {@code array}, {@code array<T>} and {@code any}. Lines
 * indented under a field declare its fields: under {@code object} (or an empty type) those of a
 * structured object, under {@code array} those of each element. The comment {@code # +kr: external}
 * marks a field filled by integrators; {@code # +kr: singleton} on the {@code schema:} line
 * declares one object per store. Indent with spaces.
 */
public final class SchemaParser {
  private static final Pattern LINE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*:\\s*(.*)");
  private static final Pattern GENERIC = Pattern.compile("array\\s*<\\s*(.+)\\s*>");

  private final String file;
  private final java.util.SortedMap<Integer, List<String>> errors = new java.util.TreeMap<>();

  private SchemaParser(String file) {
    this.file = file;
  }

  /**
   * Parses one schema.
   *
   * @param file names the source in errors, e.g. {@code checkout.schema.yaml}
   * @param firstLine the line number of {@code text}'s first line within that file
   * @throws SpecException listing every problem as {@code file:line: message}
   */
  public static Schema parse(String text, String file, int firstLine) {
    return new SchemaParser(file).run(text, firstLine);
  }

  public static Schema parse(String text) {
    return parse(text, "<schema>", 1);
  }

  private record Line(int number, int indent, String key, String type, String markers) {}

  private Schema run(String text, int firstLine) {
    List<Line> lines = lex(text, firstLine);
    if (lines.isEmpty() || !lines.get(0).key.equals("schema") || lines.get(0).indent != 0) {
      error(
          lines.isEmpty() ? firstLine : lines.get(0).number,
          "a schema starts with 'schema: App/version/Type/Kind'");
      throw failure();
    }
    Line header = lines.get(0);
    SchemaRef ref = null;
    try {
      ref = SchemaRef.parse(header.type);
    } catch (InvalidInputException e) {
      error(header.number, e.getMessage());
    }
    int[] cursor = {1};
    Map<String, Field> fields = block(lines, cursor, 0);
    if (!errors.isEmpty()) {
      throw failure();
    }
    return new Schema(
        ref, FieldType.objectWith(fields), header.markers.contains("singleton"), text);
  }

  /** Parses the fields at exactly {@code indent} starting at {@code cursor[0]}. */
  private Map<String, Field> block(List<Line> lines, int[] cursor, int indent) {
    Map<String, Field> fields = new LinkedHashMap<>();
    while (cursor[0] < lines.size()) {
      Line line = lines.get(cursor[0]);
      if (line.indent < indent) {
        break;
      }
      cursor[0]++;
      if (line.indent > indent) {
        error(line.number, "unexpected indentation");
        continue;
      }
      if (line.key.equals("schema")) {
        error(line.number, "'schema:' may appear only on the first line");
        continue;
      }
      boolean hasBlock = cursor[0] < lines.size() && lines.get(cursor[0]).indent > indent;
      Map<String, Field> nested =
          hasBlock ? block(lines, cursor, lines.get(cursor[0]).indent) : Map.of();
      FieldType type = type(line, hasBlock, nested);
      if (type != null
          && fields.put(
                  line.key,
                  new Field(line.key, type, line.markers.contains("external"), line.number))
              != null) {
        error(line.number, "field '" + line.key + "' is declared twice");
      }
    }
    return fields;
  }

  private FieldType type(Line line, boolean hasBlock, Map<String, Field> nested) {
    String word = line.type;
    if (hasBlock) {
      if (word.isEmpty() || word.equals("object")) {
        return FieldType.objectWith(nested);
      }
      if (word.equals("array")) {
        return FieldType.arrayOf(FieldType.objectWith(nested));
      }
      error(line.number, "field '" + line.key + "' of type " + word + " cannot have nested fields");
      return null;
    }
    if (word.isEmpty()) {
      error(line.number, "field '" + line.key + "' has no type");
      return null;
    }
    FieldType type = typeWord(word);
    if (type == null) {
      error(
          line.number,
          "unknown type '"
              + word
              + "' for field '"
              + line.key
              + "' (expected string, number, integer, boolean, object, array, array<T> or any)");
    }
    return type;
  }

  private static FieldType typeWord(String word) {
    Matcher generic = GENERIC.matcher(word);
    if (generic.matches()) {
      FieldType element = typeWord(generic.group(1).trim());
      return element == null ? null : FieldType.arrayOf(element);
    }
    return switch (word) {
      case "string" -> FieldType.scalar(FieldType.Kind.STRING);
      case "number" -> FieldType.scalar(FieldType.Kind.NUMBER);
      case "integer" -> FieldType.scalar(FieldType.Kind.INTEGER);
      case "boolean" -> FieldType.scalar(FieldType.Kind.BOOLEAN);
      case "object" -> FieldType.objectWith(null);
      case "array" -> FieldType.arrayOf(null);
      case "any" -> FieldType.scalar(FieldType.Kind.ANY);
      default -> null;
    };
  }

  private List<Line> lex(String text, int firstLine) {
    List<Line> out = new ArrayList<>();
    String[] raw = text.split("\r?\n", -1);
    for (int i = 0; i < raw.length; i++) {
      int number = firstLine + i;
      String line = raw[i];
      int hash = commentStart(line);
      String comment = hash < 0 ? "" : line.substring(hash + 1).trim();
      String content = (hash < 0 ? line : line.substring(0, hash)).stripTrailing();
      if (content.isBlank()) {
        continue;
      }
      if (content.substring(0, leading(content)).indexOf('\t') >= 0) {
        error(number, "tabs are not allowed for indentation");
        continue;
      }
      Matcher m = LINE.matcher(content.strip());
      if (!m.matches()) {
        error(number, "expected 'name: type', got '" + content.strip() + "'");
        continue;
      }
      String markers = comment.startsWith("+kr:") ? comment.substring(4).trim() : "";
      for (String marker : markers.split("[,\\s]+")) {
        if (!marker.isEmpty() && !marker.equals("external") && !marker.equals("singleton")) {
          error(number, "unknown marker '+kr: " + marker + "' (expected external or singleton)");
        }
      }
      out.add(new Line(number, leading(content), m.group(1), m.group(2).trim(), markers));
    }
    return out;
  }

  private static int leading(String s) {
    int n = 0;
    while (n < s.length() && (s.charAt(n) == ' ' || s.charAt(n) == '\t')) {
      n++;
    }
    return n;
  }

  /** The index of a comment's '#': one at the start of the line or after whitespace. */
  private static int commentStart(String line) {
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return i;
      }
    }
    return -1;
  }

  private void error(int line, String message) {
    errors.computeIfAbsent(line, l -> new ArrayList<>()).add(file + ":" + line + ": " + message);
  }

  private SpecException failure() {
    List<String> lines = new ArrayList<>();
    errors.values().forEach(lines::addAll);
    return new SpecException("invalid schema:\n  " + String.join("\n  ", lines), "schema");
  }
}
