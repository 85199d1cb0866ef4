package io.knactor.cli;

/** The exit codes of the {@code knactor} command; scripts may rely on them. */
public final class ExitCodes {
  /** The command did what was asked. */
  public static final int OK = 0;

  /** The server refused or failed the request (its error is printed), or a watch ended in error. */
  public static final int SERVER_ERROR = 1;

  /** The command line or a local input file is wrong; nothing was sent. */
  public static final int USAGE = 2;

  /** Nothing answered at the server address. */
  public static final int UNREACHABLE = 3;

  private ExitCodes() {}
}
