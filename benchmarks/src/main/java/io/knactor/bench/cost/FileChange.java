package io.knactor.bench.cost;

/**
 * One file a task changes in one app.
 *
 * @param path the file's path in the repository (its logical name when a task moves it, e.g. a cast
 *     revision)
 * @param kind what the file is, which decides the operation it needs
 * @param owner the service the file belongs to, or {@code integrator} for a Cast
 * @param diff the lines added and removed
 */
public record FileChange(String path, Kind kind, String owner, LineDiff diff) {
  /** What a changed file is. */
  public enum Kind {
    /** Java source: a code change; its service is rebuilt and redeployed. */
    CODE,
    /** A .proto API: a code change; its service and every service calling it are rebuilt. */
    API,
    /** Deployment configuration: its services are redeployed. */
    DEPLOYMENT,
    /** A Knactor schema: a configuration change, registered with its knactor's release. */
    SCHEMA,
    /** A Cast: a configuration change, applied live to the running integrator. */
    CAST
  }

  /** True for a change of code (Java or an API definition) rather than configuration. */
  public boolean isCode() {
    return kind == Kind.CODE || kind == Kind.API;
  }
}
