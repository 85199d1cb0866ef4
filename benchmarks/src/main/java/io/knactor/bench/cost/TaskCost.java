package io.knactor.bench.cost;

import java.util.List;
import java.util.SortedSet;

/**
 * What one integration task takes in one app: the files it changes and the operations they need.
 *
 * @param rebuilt the services whose code must be rebuilt
 * @param redeployed the services that must be restarted
 */
public record TaskCost(
    String task, List<FileChange> files, SortedSet<String> rebuilt, SortedSet<String> redeployed) {
  public TaskCost {
    files = List.copyOf(files);
  }

  public LineDiff lines() {
    return files.stream().map(FileChange::diff).reduce(LineDiff.NONE, LineDiff::plus);
  }

  public boolean codeChange() {
    return files.stream().anyMatch(FileChange::isCode);
  }

  public boolean configChange() {
    return files.stream().anyMatch(f -> !f.isCode());
  }

  /** The operations in the paper's notation: c code, f configuration, b rebuild, d redeploy. */
  public String operations() {
    StringBuilder ops = new StringBuilder();
    append(ops, codeChange(), "c");
    append(ops, configChange(), "f");
    append(ops, !rebuilt.isEmpty(), "b");
    append(ops, !redeployed.isEmpty(), "d");
    return ops.isEmpty() ? "-" : ops.toString();
  }

  private static void append(StringBuilder ops, boolean needed, String op) {
    if (needed) {
      ops.append(ops.isEmpty() ? "" : " / ").append(op);
    }
  }
}
