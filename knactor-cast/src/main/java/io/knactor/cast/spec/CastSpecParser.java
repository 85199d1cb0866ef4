package io.knactor.cast.spec;

import io.knactor.core.error.SpecException;
import io.knactor.core.model.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
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

  private final String file;
  private final SpecYaml yaml;

  private CastSpecParser(String text, String file) {
    this.file = file;
    this.yaml = new SpecYaml(text, file);
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
    Node root = yaml.compose(text);
    if (!(root instanceof MappingNode top)) {
      error(
          root == null ? new Location(file, 1, 1) : at(root),
          "a Cast spec is a YAML mapping with kind, name, input and dxg");
      throw yaml.failure("Cast");
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
    String name = yaml.kindAndName(keys, top, "Cast");
    Map<String, InputDecl> inputs = yaml.inputs(keys.get("input"), top, RESERVED_ALIASES);
    List<TargetDecl> targets = targets(keys.get("dxg"), top);
    List<SingletonDecl> singletons = singletons(keys.get("singletons"));
    int historyLimit = yaml.historyLimit(keys.get("revisionHistoryLimit"));
    if (yaml.hasErrors()) {
      throw yaml.failure("Cast");
    }
    return new CastSpec(file, name, inputs, targets, singletons, text, historyLimit);
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
        SpecExpression expression = yaml.expression(value);
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

  private Map<String, NodeTuple> entries(MappingNode map) {
    return yaml.entries(map);
  }

  private MappingNode mapping(NodeTuple entry, MappingNode parent, String key) {
    return yaml.mapping(entry, parent, key);
  }

  private String scalar(NodeTuple entry, MappingNode parent, String key) {
    return yaml.scalar(entry, parent, key);
  }

  private Location at(Node node) {
    return yaml.at(node);
  }

  private void error(Location where, String message) {
    yaml.error(where, message);
  }
}
