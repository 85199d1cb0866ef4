package io.knactor.bench.cost;

import io.knactor.examples.retail.grpc.Deployment;
import io.knactor.examples.retail.grpc.tasks.TaskState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The task states of the gRPC app (examples/online-retail-grpc, {@link TaskState}) and what moving
 * from one to the next takes: a changed Java file rebuilds and redeploys its service (a file of the
 * shared package, every service); a changed .proto rebuilds its service and every service whose
 * code uses its stubs; a service whose entry in the deployment file changed is redeployed.
 */
final class GrpcAppTasks {
  static final String MODULE = "examples/online-retail-grpc";
  static final Set<String> SERVICES =
      Set.of("cart", "productcatalog", "currency", "payment", "shipping", "email", "checkout");
  private static final String CODE_ROOT = "src/main/java/io/knactor/examples/retail/grpc/";

  private final Path module;

  GrpcAppTasks(Path repository) {
    this.module = repository.resolve(MODULE);
  }

  TaskCost cost(String before, String after) {
    SortedMap<String, Path> from = new TaskState(module, before).files();
    SortedMap<String, Path> to = new TaskState(module, after).files();
    SortedSet<String> paths = new TreeSet<>(from.keySet());
    paths.addAll(to.keySet());
    List<FileChange> changes = new ArrayList<>();
    SortedSet<String> rebuilt = new TreeSet<>();
    SortedSet<String> redeployed = new TreeSet<>();
    for (String path : paths) {
      String old = Texts.read(from.get(path));
      String now = Texts.read(to.get(path));
      LineDiff diff = LineDiff.between(old, now);
      if (diff.isEmpty()) {
        continue;
      }
      FileChange change = change(path, diff);
      changes.add(change);
      switch (change.kind()) {
        case CODE -> rebuilt.addAll(owners(change.owner()));
        case API -> {
          rebuilt.add(change.owner());
          rebuilt.addAll(callers(change.owner(), to));
        }
        case DEPLOYMENT -> redeployed.addAll(changedEntries(old, now, path));
        default -> throw new IllegalStateException("unexpected " + change);
      }
    }
    redeployed.addAll(rebuilt);
    return new TaskCost(after, changes, rebuilt, redeployed);
  }

  private static FileChange change(String path, LineDiff diff) {
    String repoPath = MODULE + "/" + path;
    if (path.endsWith(".proto")) {
      String name = path.substring(path.lastIndexOf('/') + 1, path.length() - ".proto".length());
      return new FileChange(repoPath, FileChange.Kind.API, name, diff);
    }
    if (path.startsWith("deploy/")) {
      return new FileChange(repoPath, FileChange.Kind.DEPLOYMENT, "deployment", diff);
    }
    if (path.startsWith(CODE_ROOT)) {
      String rest = path.substring(CODE_ROOT.length());
      String pkg = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : "";
      return new FileChange(
          repoPath, FileChange.Kind.CODE, SERVICES.contains(pkg) ? pkg : "shared", diff);
    }
    throw new IllegalStateException("a file outside the app's sources: " + repoPath);
  }

  private static Set<String> owners(String owner) {
    return SERVICES.contains(owner) ? Set.of(owner) : SERVICES;
  }

  /** The services whose code uses the stubs or messages of {@code api}'s .proto. */
  private static Set<String> callers(String api, Map<String, Path> state) {
    Set<String> callers = new TreeSet<>();
    String use = "io.knactor.examples.retail.grpc.api." + api + ".";
    state.forEach(
        (path, file) -> {
          if (path.startsWith(CODE_ROOT)
              && path.endsWith(".java")
              && Texts.read(file).contains(use)) {
            String rest = path.substring(CODE_ROOT.length());
            String pkg = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : "";
            if (SERVICES.contains(pkg)) {
              callers.add(pkg);
            }
          }
        });
    return callers;
  }

  private static Set<String> changedEntries(String old, String now, String source) {
    Map<String, Deployment.Service> before = Deployment.parse(old, source).services();
    Map<String, Deployment.Service> after = Deployment.parse(now, source).services();
    Set<String> changed = new TreeSet<>();
    for (String name : SERVICES) {
      if (!java.util.Objects.equals(before.get(name), after.get(name))) {
        changed.add(name);
      }
    }
    return changed;
  }
}
