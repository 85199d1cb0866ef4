package io.knactor.bench.report;

import java.util.List;

/** One target of a benchmark: what it asks, which measurement judges it, what was measured, met. */
public record Target(String goal, String judgedOn, String measured, boolean met) {

  /** The targets as a table with a PASS or MISS column. */
  public static String table(List<Target> targets) {
    MarkdownTable table = new MarkdownTable("target", "judged on", "measured", "result");
    for (Target target : targets) {
      table.row(
          target.goal(), target.judgedOn(), target.measured(), target.met() ? "PASS" : "MISS");
    }
    return table.render();
  }
}
