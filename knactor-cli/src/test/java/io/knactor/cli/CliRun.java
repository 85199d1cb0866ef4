package io.knactor.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One in-process run of the knactor command: its exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {

  static CliRun withStdin(Map<String, String> env, String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        KnactorCli.run(
            args,
            env,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return new CliRun(code, out.toString(), err.toString());
  }

  static CliRun run(Map<String, String> env, String... args) {
    return withStdin(env, "", args);
  }
}
