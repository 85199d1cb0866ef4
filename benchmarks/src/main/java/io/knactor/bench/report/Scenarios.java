package io.knactor.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs a benchmark's scenarios one after another, printing each one's name and then its duration
 * and CPU usage, and keeps the usage for the report. Not thread-safe.
 */
public final class Scenarios {
  /** A scenario's body. */
  public interface Body<T, E extends Exception> {
    T run() throws E;
  }

  private final Consumer<String> progress;
  private final List<ScenarioCpu> cpu = new ArrayList<>();

  public Scenarios(Consumer<String> progress) {
    this.progress = progress;
  }

  public <T, E extends Exception> T run(String name, Body<T, E> body) throws E {
    progress.accept(name);
    CpuUsage.Mark mark = CpuUsage.mark();
    T result = body.run();
    CpuUsage usage = CpuUsage.since(mark);
    cpu.add(new ScenarioCpu(name, usage));
    progress.accept(
        String.format(Locale.ROOT, "      %.0f s; CPU: %s", usage.seconds(), usage.describe()));
    return result;
  }

  /** The usage of every scenario run so far, in order. */
  public List<ScenarioCpu> cpu() {
    return List.copyOf(cpu);
  }
}
