package io.knactor.cast.spec;

import io.knactor.core.error.InvalidInputException;
import io.knactor.core.error.SpecException;
import io.knactor.core.model.Names;
import io.knactor.core.model.StoreRef;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * What spec parsers share: reading YAML into nodes with bounded resources, the place of each node
 * as {@code file:line:column}, the usual shape checks, and the collected errors reported all at
 * once. One instance per parse; not thread-safe.
 */
public final class SpecYaml {
  private static final int MAX_CODE_POINTS = 1024 * 1024;

  private final String file;
  private final ScalarLocator locator;
  private final List<Error> errors = new ArrayList<>();

  private record Error(Location location, String message) {}

  public SpecYaml(String text, String file) {
    this.file = file;
    this.locator = new ScalarLocator(text, file);
  }

  /**
   * The YAML node tree of {@code text}; null for an empty document.
   *
   * @throws SpecException for malformed YAML, naming its place
   */
  public Node compose(String text) {
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

  /**
   * Checks a spec's {@code kind:} (must be {@code kind}) and {@code name:} (a DNS label) among the
   * top-level {@code keys}; the name, or null when it is missing or invalid.
   */
  public String kindAndName(Map<String, NodeTuple> keys, MappingNode top, String kind) {
    String written = scalar(keys.get("kind"), top, "kind");
    if (written != null && !written.equals(kind)) {
      error(
          at(keys.get("kind").getValueNode()),
          "kind must be '" + kind + "', got '" + written + "'");
    }
    String name = scalar(keys.get("name"), top, "name");
    if (name != null && !Names.INSTANCE.matcher(name).matches()) {
      error(
          at(keys.get("name").getValueNode()),
          "invalid name '" + name + "': must match " + Names.INSTANCE.pattern());
      return null;
    }
    return name;
  }

  /** The entries of a mapping by key, reporting duplicate and non-scalar keys. */
  public Map<String, NodeTuple> entries(MappingNode map) {
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

  /** The mapping under {@code key}; reports it missing (at {@code parent}) or not a mapping. */
  public MappingNode mapping(NodeTuple entry, Node parent, String key) {
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

  /** The value of a scalar entry; reports a missing entry when {@code parent} is given. */
  public String scalar(NodeTuple entry, Node parent, String key) {
    if (entry == null) {
      if (parent != null) {
        error(at(parent), "missing '" + key + ":'");
      }
      return null;
    }
    return scalarValue(entry.getValueNode(), key);
  }

  /**
   * The {@code input:} section: aliases of the stores a spec reads, each checked for its form, for
   * {@code reserved} names and as a store reference; every problem is recorded, none ends the
   * parse.
   */
  public Map<String, InputDecl> inputs(NodeTuple entry, MappingNode top, Set<String> reserved) {
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
      if (reserved.contains(alias)) {
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
    if (inputs.isEmpty() && !hasErrors()) {
      error(at(entry.getKeyNode()), "input declares no store");
    }
    return inputs;
  }

  /**
   * The value of {@code revisionHistoryLimit:}, the number of revisions a server keeps of an
   * integrator spec: a whole number from 1 to {@link CastSpec#MAX_HISTORY_LIMIT}, {@link
   * CastSpec#DEFAULT_HISTORY_LIMIT} when absent; reports anything else.
   */
  public int historyLimit(NodeTuple entry) {
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

  /** The stripped text of a non-empty scalar; reports anything else. */
  public String scalarValue(Node value, String key) {
    if (!(value instanceof ScalarNode scalar) || scalar.getValue().isBlank()) {
      error(at(value), "'" + key + "' must be a non-empty string");
      return null;
    }
    return scalar.getValue().strip();
  }

  /** The text of an expression scalar with the file place of each of its characters. */
  public SpecExpression expression(ScalarNode scalar) {
    return locator.locate(
        scalar.getValue(), scalar.getStartMark().getIndex(), scalar.getEndMark().getIndex());
  }

  public Location at(Node node) {
    return locator.at(node.getStartMark().getIndex());
  }

  public void error(Location where, String message) {
    errors.add(new Error(where, message));
  }

  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  /**
   * Every error so far, in file order, as one exception: {@code invalid WHAT spec:} then {@code
   * file:line:column: error: message} per line.
   */
  public SpecException failure(String what) {
    List<String> lines =
        errors.stream()
            .sorted(
                Comparator.comparingInt((Error e) -> e.location().line())
                    .thenComparingInt(e -> e.location().column()))
            .map(e -> e.location() + ": error: " + e.message())
            .toList();
    return new SpecException("invalid " + what + " spec:\n  " + String.join("\n  ", lines), "spec");
  }
}
