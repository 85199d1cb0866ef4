package io.knactor.sync.spec;

import io.knactor.cast.spec.InputDecl;
import io.knactor.cast.spec.KindRef;
import io.knactor.cast.spec.Location;
import io.knactor.cast.spec.SpecExpression;
import io.knactor.cast.spec.SpecYaml;
import io.knactor.core.error.SpecException;
import io.knactor.core.model.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Parses the YAML of a Sync spec (see docs/sync.md) into a {@link SyncSpec}:
 *
 * <pre>
 * kind: Sync
 * name: home
 * input:
 *   M: SmartHome/v1/Motion/motion-1
 *   H: SmartHome/v1/House/house-1
 * flows:
 *   motion:
 *     from: M.reading
 *     pipeline:
 *       - rename: {triggered: motion}
 *     to: H.motion
 * </pre>
 *
 * <p>It checks the shape only (keys, nesting, names, durations); stores, fields and expressions are
 * the checker's job. Every error names {@code file:line:column}.
 */
public final class SyncSpecParser {
  /** The operators a pipeline step may name. */
  public static final List<String> OPERATORS =
      List.of(
          "filter",
          "put",
          "rename",
          "cut",
          "drop",
          "sort",
          "aggregate",
          "dedupe",
          "repartition",
          "operator");

  private static final Set<String> TOP_KEYS =
      Set.of("kind", "name", "input", "flows", "revisionHistoryLimit");
  private static final Set<String> FLOW_KEYS =
      Set.of("from", "pipeline", "to", "fold", "deadLetter", "idleTimeout");
  private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern CALL =
      Pattern.compile("([a-z]+)\\(\\s*([A-Za-z_][A-Za-z0-9_]*)?\\s*\\)");
  private final String file;
  private final SpecYaml yaml;

  private SyncSpecParser(String text, String file) {
    this.file = file;
    this.yaml = new SpecYaml(text, file);
  }

  /**
   * Parses one spec.
   *
   * @param file names the source in errors, e.g. {@code home.sync.yaml}
   * @throws SpecException listing every problem as {@code file:line:column: error: message}
   */
  public static SyncSpec parse(String text, String file) {
    return new SyncSpecParser(text, file).run(text);
  }

  /**
   * Parses a pipeline alone, a YAML (or JSON) list of steps as under a flow's {@code pipeline:},
   * e.g. {@code [{filter: level > 0.5}, {rename: {triggered: motion}}]}.
   *
   * @throws SpecException listing every problem as {@code file:line:column: error: message}
   */
  public static List<OperatorDecl> parsePipeline(String text, String file) {
    SyncSpecParser parser = new SyncSpecParser(text, file);
    Node root = parser.yaml.compose(text);
    if (!(root instanceof SequenceNode)) {
      parser.error(
          root == null ? new Location(file, 1, 1) : parser.at(root),
          "a pipeline is a list of operators, e.g. [{filter: level > 0.5}]");
      throw parser.yaml.failure("pipeline");
    }
    List<OperatorDecl> steps = parser.pipeline(new NodeTuple(root, root));
    if (parser.yaml.hasErrors()) {
      throw parser.yaml.failure("pipeline");
    }
    return steps;
  }

  private SyncSpec run(String text) {
    Node root = yaml.compose(text);
    if (!(root instanceof MappingNode top)) {
      error(
          root == null ? new Location(file, 1, 1) : at(root),
          "a Sync spec is a YAML mapping with kind, name, input and flows");
      throw yaml.failure("Sync");
    }
    Map<String, NodeTuple> keys = entries(top);
    unknownKeys(keys, TOP_KEYS, "kind, name, input, flows, revisionHistoryLimit");
    String name = yaml.kindAndName(keys, top, "Sync");
    Map<String, InputDecl> inputs = yaml.inputs(keys.get("input"), top, Set.of());
    List<FlowDecl> flows = flows(keys.get("flows"), top);
    int historyLimit = yaml.historyLimit(keys.get("revisionHistoryLimit"));
    if (yaml.hasErrors()) {
      throw yaml.failure("Sync");
    }
    return new SyncSpec(file, name, inputs, flows, text, historyLimit);
  }

  private List<FlowDecl> flows(NodeTuple entry, MappingNode top) {
    List<FlowDecl> flows = new ArrayList<>();
    MappingNode map = mapping(entry, top, "flows");
    if (map == null) {
      return flows;
    }
    for (NodeTuple flow : entries(map).values()) {
      String name = key(flow);
      Location where = at(flow.getKeyNode());
      if (!Names.INSTANCE.matcher(name).matches()) {
        error(where, "invalid flow name '" + name + "': must match " + Names.INSTANCE.pattern());
        continue;
      }
      if (!(flow.getValueNode() instanceof MappingNode body)) {
        error(at(flow.getValueNode()), "flow " + name + " must be a mapping with from and to");
        continue;
      }
      FlowDecl parsed = flow(name, where, body);
      if (parsed != null) {
        flows.add(parsed);
      }
    }
    if (flows.isEmpty() && !yaml.hasErrors()) {
      error(at(entry.getKeyNode()), "flows declares no flow");
    }
    return flows;
  }

  private FlowDecl flow(String name, Location where, MappingNode body) {
    Map<String, NodeTuple> keys = entries(body);
    unknownKeys(keys, FLOW_KEYS, "from, pipeline, to, fold, deadLetter, idleTimeout");
    StreamDecl from = stream(keys.get("from"), body, "from");
    List<OperatorDecl> pipeline = pipeline(keys.get("pipeline"));
    SinkDecl sink = sink(keys, body, name);
    StreamDecl deadLetter =
        keys.containsKey("deadLetter") ? stream(keys.get("deadLetter"), body, "deadLetter") : null;
    long idleTimeout = 0;
    if (keys.containsKey("idleTimeout")) {
      idleTimeout = duration(keys.get("idleTimeout"), body, "idleTimeout");
      if (idleTimeout == 0) {
        error(at(keys.get("idleTimeout").getValueNode()), "idleTimeout must be longer than 0s");
      }
    }
    if (from == null || pipeline == null || sink == null || idleTimeout < 0) {
      return null;
    }
    return new FlowDecl(name, where, from, pipeline, sink, deadLetter, idleTimeout);
  }

  private SinkDecl sink(Map<String, NodeTuple> keys, MappingNode body, String flow) {
    NodeTuple to = keys.get("to");
    NodeTuple fold = keys.get("fold");
    if ((to == null) == (fold == null)) {
      error(
          at(to != null ? to.getKeyNode() : body),
          "flow "
              + flow
              + " needs exactly one of 'to:' (a log store) and 'fold:' (an object store)");
      return null;
    }
    if (to != null) {
      StreamDecl target = stream(to, body, "to");
      return target == null
          ? null
          : new SinkDecl(SinkDecl.Mode.APPEND, target, null, at(to.getKeyNode()));
    }
    if (fold.getValueNode() instanceof MappingNode options) {
      Map<String, NodeTuple> foldKeys = entries(options);
      unknownKeys(foldKeys, Set.of("into", "object"), "into, object");
      StreamDecl target = stream(foldKeys.get("into"), options, "into");
      String object = null;
      if (foldKeys.containsKey("object")) {
        object = scalar(foldKeys.get("object"), null, "object");
        if (object != null && !Names.OBJECT_NAME.matcher(object).matches()) {
          error(at(foldKeys.get("object").getValueNode()), "invalid object name '" + object + "'");
          object = null;
        }
      }
      return target == null
          ? null
          : new SinkDecl(SinkDecl.Mode.FOLD, target, object, at(fold.getKeyNode()));
    }
    StreamDecl target = stream(fold, body, "fold");
    return target == null
        ? null
        : new SinkDecl(SinkDecl.Mode.FOLD, target, null, at(fold.getKeyNode()));
  }

  private StreamDecl stream(NodeTuple entry, MappingNode parent, String key) {
    String text = scalar(entry, parent, key);
    if (text == null) {
      return null;
    }
    KindRef ref = KindRef.parseOrNull(text);
    if (ref == null) {
      error(at(entry.getValueNode()), "'" + key + "' must be Alias.kind, e.g. M.reading");
      return null;
    }
    return new StreamDecl(ref, at(entry.getValueNode()));
  }

  private List<OperatorDecl> pipeline(NodeTuple entry) {
    List<OperatorDecl> steps = new ArrayList<>();
    if (entry == null) {
      return steps;
    }
    if (!(entry.getValueNode() instanceof SequenceNode list)) {
      error(at(entry.getValueNode()), "'pipeline' must be a list of operators");
      return null;
    }
    boolean failed = false;
    for (Node step : list.getValue()) {
      OperatorDecl parsed = step(step);
      if (parsed == null) {
        failed = true;
      } else {
        steps.add(parsed);
      }
    }
    return failed ? null : steps;
  }

  private OperatorDecl step(Node step) {
    if (!(step instanceof MappingNode map) || map.getValue().size() != 1) {
      error(at(step), "a pipeline step is one operator, e.g. '- filter: temp > 20.0'");
      return null;
    }
    NodeTuple only = map.getValue().get(0);
    if (!(only.getKeyNode() instanceof ScalarNode keyNode)) {
      error(at(only.getKeyNode()), "keys must be plain strings");
      return null;
    }
    String operator = keyNode.getValue();
    Location where = at(keyNode);
    Node value = only.getValueNode();
    return switch (operator) {
      case "filter" -> {
        SpecExpression condition = expression(value, "filter");
        yield condition == null ? null : new OperatorDecl.Filter(condition, where);
      }
      case "put" -> put(value, where);
      case "rename" -> rename(value, where);
      case "cut" -> {
        List<Name> fields = names(value, "cut");
        yield fields == null ? null : new OperatorDecl.Cut(fields, where);
      }
      case "drop" -> {
        List<Name> fields = names(value, "drop");
        yield fields == null ? null : new OperatorDecl.Drop(fields, where);
      }
      case "sort" -> sort(value, where);
      case "aggregate" -> aggregate(value, where);
      case "dedupe" -> dedupe(value, where);
      case "repartition" -> repartition(value, where);
      case "operator" -> {
        String name = scalarValue(value, "operator");
        yield name == null ? null : new OperatorDecl.User(new Name(name, at(value)), where);
      }
      default -> {
        error(
            where,
            "unknown operator '" + operator + "' (expected " + String.join(", ", OPERATORS) + ")");
        yield null;
      }
    };
  }

  private OperatorDecl put(Node value, Location where) {
    MappingNode map = options(value, "put", "put maps fields to CEL expressions");
    if (map == null) {
      return null;
    }
    List<OperatorDecl.Assignment> fields = new ArrayList<>();
    for (NodeTuple entry : entries(map).values()) {
      Name field = fieldName(entry.getKeyNode());
      SpecExpression expression = expression(entry.getValueNode(), "put." + key(entry));
      if (field != null && expression != null) {
        fields.add(new OperatorDecl.Assignment(field, expression));
      }
    }
    if (map.getValue().isEmpty()) {
      error(at(map), "put sets no field");
    }
    return fields.isEmpty() ? null : new OperatorDecl.Put(fields, where);
  }

  private OperatorDecl rename(Node value, Location where) {
    MappingNode map = options(value, "rename", "rename maps old field names to new ones");
    if (map == null) {
      return null;
    }
    List<OperatorDecl.Renaming> fields = new ArrayList<>();
    for (NodeTuple entry : entries(map).values()) {
      Name from = fieldName(entry.getKeyNode());
      Name to = fieldName(entry.getValueNode());
      if (from != null && to != null) {
        fields.add(new OperatorDecl.Renaming(from, to));
      }
    }
    if (map.getValue().isEmpty()) {
      error(at(map), "rename renames no field");
    }
    return fields.isEmpty() ? null : new OperatorDecl.Rename(fields, where);
  }

  private OperatorDecl sort(Node value, Location where) {
    MappingNode map = options(value, "sort", "sort needs by and window");
    if (map == null) {
      return null;
    }
    Map<String, NodeTuple> keys = entries(map);
    unknownKeys(keys, Set.of("by", "order", "window"), "by, order, window");
    NodeTuple by = keys.get("by");
    Name field = by == null ? null : fieldName(by.getValueNode());
    if (by == null) {
      error(at(map), "missing 'by:'");
    }
    boolean descending = false;
    if (keys.containsKey("order")) {
      String order = scalar(keys.get("order"), null, "order");
      if (order != null && !order.equals("asc") && !order.equals("desc")) {
        error(
            at(keys.get("order").getValueNode()), "order must be asc or desc, got '" + order + "'");
      }
      descending = "desc".equals(order);
    }
    WindowDecl window = window(keys.get("window"), map);
    return field == null || window == null
        ? null
        : new OperatorDecl.Sort(field, descending, window, where);
  }

  private OperatorDecl aggregate(Node value, Location where) {
    MappingNode map = options(value, "aggregate", "aggregate needs window and compute");
    if (map == null) {
      return null;
    }
    Map<String, NodeTuple> keys = entries(map);
    unknownKeys(keys, Set.of("by", "window", "compute"), "by, window, compute");
    List<Name> by = keys.containsKey("by") ? names(keys.get("by").getValueNode(), "by") : List.of();
    WindowDecl window = window(keys.get("window"), map);
    MappingNode compute = mapping(keys.get("compute"), map, "compute");
    List<OperatorDecl.AggregateCall> calls = new ArrayList<>();
    if (compute != null) {
      for (NodeTuple entry : entries(compute).values()) {
        Name output = fieldName(entry.getKeyNode());
        String text = scalarValue(entry.getValueNode(), "compute." + key(entry));
        if (output == null || text == null) {
          continue;
        }
        Matcher m = CALL.matcher(text.strip());
        Location callAt = at(entry.getValueNode());
        if (!m.matches()) {
          error(callAt, "'" + text + "' is not an aggregate call such as sum(watts) or count()");
          continue;
        }
        Name field = m.group(2) == null ? null : new Name(m.group(2), callAt);
        calls.add(new OperatorDecl.AggregateCall(output, m.group(1), field, callAt));
      }
      if (calls.isEmpty() && compute.getValue().isEmpty()) {
        error(at(compute), "compute declares no output");
      }
    }
    return by == null || window == null || compute == null || calls.isEmpty()
        ? null
        : new OperatorDecl.Aggregate(by, window, calls, where);
  }

  private OperatorDecl dedupe(Node value, Location where) {
    MappingNode map = options(value, "dedupe", "dedupe needs by and window");
    if (map == null) {
      return null;
    }
    Map<String, NodeTuple> keys = entries(map);
    unknownKeys(keys, Set.of("by", "window"), "by, window");
    List<Name> by = null;
    if (keys.containsKey("by")) {
      by = names(keys.get("by").getValueNode(), "by");
    } else {
      error(at(map), "missing 'by:'");
    }
    WindowDecl window = window(keys.get("window"), map);
    return by == null || window == null ? null : new OperatorDecl.Dedupe(by, window, where);
  }

  private OperatorDecl repartition(Node value, Location where) {
    MappingNode map = options(value, "repartition", "repartition needs by");
    if (map == null) {
      return null;
    }
    Map<String, NodeTuple> keys = entries(map);
    unknownKeys(keys, Set.of("by"), "by");
    if (!keys.containsKey("by")) {
      error(at(map), "missing 'by:'");
      return null;
    }
    List<Name> by = names(keys.get("by").getValueNode(), "by");
    return by == null ? null : new OperatorDecl.Repartition(by, where);
  }

  private WindowDecl window(NodeTuple entry, MappingNode parent) {
    MappingNode map = mapping(entry, parent, "window");
    if (map == null) {
      return null;
    }
    Map<String, NodeTuple> keys = entries(map);
    unknownKeys(keys, Set.of("size", "slide", "lateness"), "size, slide, lateness");
    long size = duration(keys.get("size"), map, "size");
    long slide = keys.containsKey("slide") ? duration(keys.get("slide"), map, "slide") : size;
    long lateness =
        keys.containsKey("lateness") ? duration(keys.get("lateness"), map, "lateness") : 0;
    if (size < 0 || slide < 0 || lateness < 0) {
      return null;
    }
    return new WindowDecl(size, slide, lateness, at(entry.getKeyNode()));
  }

  private long duration(NodeTuple entry, MappingNode parent, String key) {
    String text = scalar(entry, parent, key);
    if (text == null) {
      return -1;
    }
    long millis;
    try {
      millis = Durations.parseMillis(text);
    } catch (ArithmeticException e) {
      millis = -1;
    }
    if (millis < 0) {
      error(
          at(entry.getValueNode()),
          "invalid duration '" + text + "' for " + key + " (e.g. 500ms, 10s, 1m, 2h, 1d)");
    }
    return millis;
  }

  private SpecExpression expression(Node value, String what) {
    if (!(value instanceof ScalarNode scalar)) {
      error(at(value), what + " must be a CEL expression string");
      return null;
    }
    if (scalar.getValue().isBlank()) {
      error(at(value), what + " has an empty expression");
      return null;
    }
    return yaml.expression(scalar);
  }

  /** A field name, or a list of them: {@code room} or {@code [room, floor]}. */
  private List<Name> names(Node value, String what) {
    List<Node> items = value instanceof SequenceNode list ? list.getValue() : List.of(value);
    List<Name> out = new ArrayList<>();
    for (Node item : items) {
      Name name = fieldName(item);
      if (name == null) {
        return null;
      }
      out.add(name);
    }
    if (out.isEmpty()) {
      error(at(value), what + " lists no field");
      return null;
    }
    return out;
  }

  private Name fieldName(Node node) {
    if (!(node instanceof ScalarNode scalar) || !FIELD.matcher(scalar.getValue()).matches()) {
      String shown = node instanceof ScalarNode s ? s.getValue() : "a " + node.getNodeId();
      error(at(node), "invalid field name '" + shown + "': must match " + FIELD.pattern());
      return null;
    }
    return new Name(scalar.getValue(), at(node));
  }

  private MappingNode options(Node value, String operator, String hint) {
    if (!(value instanceof MappingNode map)) {
      error(at(value), operator + " must be a mapping: " + hint);
      return null;
    }
    return map;
  }

  private void unknownKeys(Map<String, NodeTuple> keys, Set<String> allowed, String expected) {
    for (NodeTuple entry : keys.values()) {
      if (!allowed.contains(key(entry))) {
        error(
            at(entry.getKeyNode()), "unknown key '" + key(entry) + "' (expected " + expected + ")");
      }
    }
  }

  private Map<String, NodeTuple> entries(MappingNode map) {
    return yaml.entries(map);
  }

  private static String key(NodeTuple entry) {
    return ((ScalarNode) entry.getKeyNode()).getValue();
  }

  private MappingNode mapping(NodeTuple entry, Node parent, String key) {
    return yaml.mapping(entry, parent, key);
  }

  private String scalar(NodeTuple entry, Node parent, String key) {
    return yaml.scalar(entry, parent, key);
  }

  private String scalarValue(Node value, String key) {
    return yaml.scalarValue(value, key);
  }

  private Location at(Node node) {
    return yaml.at(node);
  }

  private void error(Location where, String message) {
    yaml.error(where, message);
  }
}
