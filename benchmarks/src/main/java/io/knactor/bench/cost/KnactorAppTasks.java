package io.knactor.bench.cost;

import io.knactor.examples.retail.Revision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The task states of the Knactor app (examples/online-retail): each {@link Revision} names its Cast
 * and the Shipping release whose schema it expects; the knactors' code and the other schemas are
 * the same in every state. A Cast is applied to the running integrator, so it needs no rebuild and
 * no restart; a schema is registered with its knactor's release, so that knactor is restarted (as
 * {@code RetailApp.advanceTo} does); changed Java code rebuilds and redeploys its knactor.
 */
final class KnactorAppTasks {
  static final String MODULE = "examples/online-retail";
  private static final String CAST = "casts/retail.yaml";
  private static final String SHIPPING_SCHEMA = "schemas/shipping.yaml";
  private static final String CODE_ROOT = "src/main/java/io/knactor/examples/retail/";

  private final Path module;

  KnactorAppTasks(Path repository) {
    this.module = repository.resolve(MODULE);
  }

  /** The state's files: logical path (a cast revision is always casts/retail.yaml) to file. */
  Map<String, Path> files(String task) {
    Revision revision = Revision.valueOf(task);
    Map<String, Path> files = new LinkedHashMap<>();
    files.put(CAST, module.resolve(revision.castFile()));
    String shippingSchema = revision.shipping().schemaFile();
    for (Path schema : Texts.walk(module.resolve("schemas"), ".yaml")) {
      String path = Texts.relative(module, schema);
      boolean shippingRelease =
          path.equals(SHIPPING_SCHEMA)
              || java.util.Arrays.stream(
                      io.knactor.examples.retail.shipping.Shipping.Release.values())
                  .anyMatch(r -> r.schemaFile().equals(path));
      if (!shippingRelease) {
        files.put(path, schema);
      }
    }
    files.put(SHIPPING_SCHEMA, module.resolve(shippingSchema));
    files.put("knactors.yaml", module.resolve("knactors.yaml"));
    for (Path code : Texts.walk(module.resolve("src/main/java"), ".java")) {
      files.put(Texts.relative(module, code), code);
    }
    return files;
  }

  TaskCost cost(String before, String after) {
    Map<String, Path> from = files(before);
    Map<String, Path> to = files(after);
    List<FileChange> changes = new ArrayList<>();
    SortedSet<String> rebuilt = new TreeSet<>();
    SortedSet<String> redeployed = new TreeSet<>();
    for (Map.Entry<String, Path> file : to.entrySet()) {
      String path = file.getKey();
      LineDiff diff = LineDiff.between(Texts.read(from.get(path)), Texts.read(file.getValue()));
      if (diff.isEmpty()) {
        continue;
      }
      String shown = MODULE + "/" + Texts.relative(module, file.getValue());
      if (!file.getValue().equals(from.get(path))) {
        shown = MODULE + "/" + Texts.relative(module, from.get(path)) + " → " + shown;
      }
      if (path.equals(CAST)) {
        changes.add(new FileChange(shown, FileChange.Kind.CAST, "integrator", diff));
      } else if (path.startsWith("schemas/")) {
        String knactor = path.substring("schemas/".length(), path.length() - ".yaml".length());
        changes.add(new FileChange(shown, FileChange.Kind.SCHEMA, knactor, diff));
        redeployed.add(knactor);
      } else if (path.startsWith(CODE_ROOT)) {
        String rest = path.substring(CODE_ROOT.length());
        String knactor = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : "shared";
        changes.add(new FileChange(shown, FileChange.Kind.CODE, knactor, diff));
        rebuilt.add(knactor);
        redeployed.add(knactor);
      } else {
        changes.add(new FileChange(shown, FileChange.Kind.DEPLOYMENT, "registration", diff));
      }
    }
    return new TaskCost(after, changes, rebuilt, redeployed);
  }
}
