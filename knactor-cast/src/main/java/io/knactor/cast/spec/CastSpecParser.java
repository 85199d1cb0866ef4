package io.knactor.cast.spec;

import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.SpecException;
import io.knactor.core.model.Names;
import io.knactor.core.model.StoreRef;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Parses the YAML of a Cast spec into a {@link CastSpec}:
 *
 * <pre>
 * kind: Cast
 * name: retail
 * input:
 *   C: OnlineRetail/v1/Checkout/knactor-checkout
 * dxg:
 *   C.order:
 *     paymentID: P.payment.id
 * singletons:            # optional: kinds with one object per store, and the name to create it as
 *   H.house: default
 * </pre>
 *
 * <p>It checks the shape only (keys, nesting, names); references, fields and expressions are the
 * checker's job. Every error names {@code file:line:column}.
 */
public final class CastSpecParser {
  private static final Set<String> TOP_KEYS =
      Set.of("kind", "name", "input", "dxg", "singletons", "revisionHistoryLimit");
  private static final Pattern FIELD_PATH =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

  /** Identifiers CEL reserves or that name something else in an expression. */
  private static final Set<String> RESERVED_ALIASES = reservedAliases();

  private static Set<String> reservedAliases() {
    Set<String> names = new java.util.HashSet<>(CelNames.TYPE_NAMES);
    names.addAll(
        Set.of(
            "this",
            "true",
            "false",
            "null",
            "in",
            "as",
            "break",
            "const",
            "continue",
            "else",
            "for",
            "function",
            "if",
            "import",
            "let",
            "loop",
            "package",
            "namespace",
            "return",
            "var",
            "void",
            "while"));
    return Set.copyOf(names);
  }

  private static final int MAX_CODE_POINTS = 1024 * 1024;

  private final String file;
  private final ScalarLocator locator;
  private final List<Error> errors = new ArrayList<>();

  private record Error(Location location, String message) {}

  private CastSpecParser(String text, String file) {
    this.file = file;
    this.locator = new ScalarLocator(text, file);
  }

  /**
   * Parses one spec.
   *
   * @param file names the source in errors, e.g. {@code retail.cast.yaml}
   * @throws SpecException listing every problem as {@code file:line:column: error: message}
   */
  public static CastSpec parse(String text, String file) {
    return new CastSpecParser(text, file).run(text);
  }

  private CastSpec run(String text) {
    Node root = compose(text);
    if (!(root instanceof MappingNode top)) {
      error(
          root == null ? new Location(file, 1, 1) : at(root),
          "a Cast spec is a YAML mapping with kind, name, input and dxg");
      throw failure();
    }
    Map<String, NodeTuple> keys = entries(top);
    for (NodeTuple entry : keys.values()) {
      String key = ((ScalarNode) entry.getKeyNode()).getValue();
      if (!TOP_KEYS.contains(key)) {
        error(
            at(entry.getKeyNode()),
            "unknown key '"
                + key
                + "' (expected kind, name, input, dxg, singletons, revisionHistoryLimit)");
      }
    }
    String kind = scalar(keys.get("kind"), top, "kind");
    if (kind != null && !kind.equals("Cast")) {
      error(at(keys.get("kind").getValueNode()), "kind must be 'Cast', got '" + kind + "'");
    }
    String name = scalar(keys.get("name"), top, "name");
    if (name != null && !Names.INSTANCE.matcher(name).matches()) {
      error(
          at(keys.get("name").getValueNode()),
          "invalid name '" + name + "': must match " + Names.INSTANCE.pattern());
    }
    Map<String, InputDecl> inputs = inputs(keys.get("input"), top);
    List<TargetDecl> targets = targets(keys.get("dxg"), top);
    List<SingletonDecl> singletons = singletons(keys.get("singletons"));
    int historyLimit = historyLimit(keys.get("revisionHistoryLimit"));
    if (!errors.isEmpty()) {
      throw failure();
    }
    return new CastSpec(file, name, inputs, targets, singletons, text, historyLimit);
  }

  private Node compose(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(20);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(20);
    options.setCodePointLimit(MAX_CODE_POINTS);
    try {
      return new Yaml(options).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      Location where =
          mark == null
              ? new Location(file, 1, 1)
              : new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
      throw new SpecException(
          where
              + ": error: malformed YAML: "
              + (e.getProblem() == null ? e.getMessage() : e.getProblem()),
          "spec",
          e);
    } catch (YAMLException e) {
      throw new SpecException(file + ":1:1: error: malformed YAML: " + e.getMessage(), "spec", e);
    }
  }

  private Map<String, InputDecl> inputs(NodeTuple entry, MappingNode top) {
    Map<String, InputDecl> inputs = new LinkedHashMap<>();
    MappingNode map = mapping(entry, top, "input");
    if (map == null) {
      return inputs;
    }
    for (NodeTuple input : entries(map).values()) {
      String alias = ((ScalarNode) input.getKeyNode()).getValue();
      Location where = at(input.getKeyNode());
      if (!KindRef.ALIAS.matcher(alias).matches()) {
        error(where, "invalid alias '" + alias + "': must match " + KindRef.ALIAS.pattern());
        continue;
      }
      if (RESERVED_ALIASES.contains(alias)) {
        error(where, "alias '" + alias + "' is reserved in expressions; choose another");
        continue;
      }
      String store = scalar(input, null, "input." + alias);
      if (store == null) {
        continue;
      }
      try {
        inputs.put(alias, new InputDecl(alias, StoreRef.parse(store), where));
      } catch (InvalidInputException e) {
        error(at(input.getValueNode()), e.getMessage());
      }
    }
    if (inputs.isEmpty() && errors.isEmpty()) {
      error(at(entry.getKeyNode()), "input declares no store");
    }
    return inputs;
  }

  private List<TargetDecl> targets(NodeTuple entry, MappingNode top) {
    List<TargetDecl> targets = new ArrayList<>();
    MappingNode map = mapping(entry, top, "dxg");
    if (map == null) {
      return targets;
    }
    for (NodeTuple target : entries(map).values()) {
      String key = ((ScalarNode) target.getKeyNode()).getValue();
      Location where = at(target.getKeyNode());
      KindRef kind = KindRef.parseOrNull(key);
      if (kind == null) {
        error(where, "target '" + key + "' must be Alias.kind, e.g. C.order");
        continue;
      }
      if (!(target.getValueNode() instanceof MappingNode fields)) {
        error(at(target.getValueNode()), "target " + key + " must map fields to expressions");
        continue;
      }
      List<RuleDecl> rules = new ArrayList<>();
      for (NodeTuple rule : entries(fields).values()) {
        String path = ((ScalarNode) rule.getKeyNode()).getValue();
        Location ruleAt = at(rule.getKeyNode());
        if (!FIELD_PATH.matcher(path).matches()) {
          error(
              ruleAt, "invalid field '" + path + "' in " + key + ": expected a dotted field path");
          continue;
        }
        if (!(rule.getValueNode() instanceof ScalarNode value)) {
          error(
              at(rule.getValueNode()),
              "the rule for " + key + "." + path + " must be a CEL expression string");
          continue;
        }
        if (value.getValue().isBlank()) {
          error(at(value), "the rule for " + key + "." + path + " has an empty expression");
          continue;
        }
        SpecExpression expression =
            locator.locate(
                value.getValue(), value.getStartMark().getIndex(), value.getEndMark().getIndex());
        rules.add(new RuleDecl(kind.field(path), expression, ruleAt));
      }
      targets.add(new TargetDecl(kind, where, rules));
    }
    return targets;
  }

  private List<SingletonDecl> singletons(NodeTuple entry) {
    List<SingletonDecl> singletons = new ArrayList<>();
    if (entry == null) {
      return singletons;
    }
    if (!(entry.getValueNode() instanceof MappingNode map)) {
      error(
          at(entry.getValueNode()),
          "singletons must map Alias.kind to the object's name, e.g. 'H.house: default'");
      return singletons;
    }
    for (NodeTuple singleton : entries(map).values()) {
      String key = ((ScalarNode) singleton.getKeyNode()).getValue();
      Location where = at(singleton.getKeyNode());
      KindRef kind = KindRef.parseOrNull(key);
      if (kind == null) {
        error(where, "singleton '" + key + "' must be Alias.kind, e.g. H.house");
        continue;
      }
      String name = scalar(singleton, null, "singletons." + key);
      if (name == null) {
        continue;
      }
      if (!Names.OBJECT_NAME.matcher(name).matches()) {
        error(
            at(singleton.getValueNode()),
            "invalid object name '" + name + "' for singleton " + key);
        continue;
      }
      singletons.add(new SingletonDecl(kind, name, where));
    }
    return singletons;
  }

  /** The entries of a mapping by key, reporting duplicate and non-scalar keys. */
  private Map<String, NodeTuple> entries(MappingNode map) {
    Map<String, NodeTuple> out = new LinkedHashMap<>();
    for (NodeTuple tuple : map.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        error(at(tuple.getKeyNode()), "keys must be plain strings");
        continue;
      }
      if (out.putIfAbsent(key.getValue(), tuple) != null) {
        error(at(key), "duplicate key '" + key.getValue() + "'");
      }
    }
    return out;
  }

  private MappingNode mapping(NodeTuple entry, MappingNode parent, String key) {
    if (entry == null) {
      error(at(parent), "missing '" + key + ":'");
      return null;
    }
    if (!(entry.getValueNode() instanceof MappingNode map)) {
      error(at(entry.getValueNode()), "'" + key + "' must be a mapping");
      return null;
    }
    return map;
  }

  private int historyLimit(NodeTuple entry) {
    if (entry == null) {
      return CastSpec.DEFAULT_HISTORY_LIMIT;
    }
    String text = scalar(entry, null, "revisionHistoryLimit");
    try {
      int limit = text == null ? 0 : Integer.parseInt(text);
      if (limit >= 1 && limit <= CastSpec.MAX_HISTORY_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    if (text != null) {
      error(
          at(entry.getValueNode()),
          "revisionHistoryLimit must be a whole number from 1 to "
              + CastSpec.MAX_HISTORY_LIMIT
              + ", got '"
              + text
              + "'");
    }
    return CastSpec.DEFAULT_HISTORY_LIMIT;
  }

  /** The value of a scalar entry; reports a missing entry when {@code parent} is given. */
  private String scalar(NodeTuple entry, MappingNode parent, String key) {
    if (entry == null) {
      if (parent != null) {
        error(at(parent), "missing '" + key + ":'");
      }
      return null;
    }
    if (!(entry.getValueNode() instanceof ScalarNode value) || value.getValue().isBlank()) {
      error(at(entry.getValueNode()), "'" + key + "' must be a non-empty string");
      return null;
    }
    return value.getValue().strip();
  }

  private Location at(Node node) {
    return locator.at(node.getStartMark().getIndex());
  }

  private void error(Location where, String message) {
    errors.add(new Error(where, message));
  }

  private SpecException failure() {
    List<String> lines =
        errors.stream()
            .sorted(
                java.util.Comparator.comparingInt((Error e) -> e.location().line())
                    .thenComparingInt(e -> e.location().column()))
            .map(e -> e.location() + ": error: " + e.message())
            .toList();
    return new SpecException("invalid Cast spec:\n  " + String.join("\n  ", lines), "spec");
  }
}
