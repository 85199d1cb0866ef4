package io.knactor.bench.report;

import java.util.List;

/** The CPU usage during one scenario of a benchmark. */
public record ScenarioCpu(String scenario, CpuUsage usage) {

  /** The usage of each scenario, in cores: this JVM's and every other process's. */
  public static String table(List<ScenarioCpu> scenarios) {
    MarkdownTable cpu = new MarkdownTable("scenario", "seconds", "this JVM", "other processes");
    for (ScenarioCpu scenario : scenarios) {
      CpuUsage usage = scenario.usage();
      cpu.row(
          scenario.scenario(),
          Units.format("%.0f", usage.seconds()),
          Units.format("%.2f", usage.ownCores()),
          usage.otherCores().map(c -> Units.format("%.2f", c)).orElse("unknown"));
    }
    return cpu.render();
  }
}
