package io.knactor.bench.cost;

import java.util.List;

/**
 * Lines added and removed between two versions of a text file, as a longest-common-subsequence diff
 * counts them. Blank lines are left out of both versions first, so the counts are of source lines.
 */
public record LineDiff(int added, int removed) {
  public static final LineDiff NONE = new LineDiff(0, 0);

  /** The diff from {@code before} to {@code after}; an absent file is an empty one. */
  public static LineDiff between(String before, String after) {
    List<String> a = sourceLines(before);
    List<String> b = sourceLines(after);
    int[][] common = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        common[i][j] =
            a.get(i).equals(b.get(j))
                ? common[i + 1][j + 1] + 1
                : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    int same = common[0][0];
    return new LineDiff(b.size() - same, a.size() - same);
  }

  private static List<String> sourceLines(String text) {
    return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }

  public boolean isEmpty() {
    return added == 0 && removed == 0;
  }

  public LineDiff plus(LineDiff other) {
    return new LineDiff(added + other.added, removed + other.removed);
  }
}
