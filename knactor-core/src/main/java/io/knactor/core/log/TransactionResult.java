package io.knactor.core.log;

import java.util.List;

/** What a committed transaction appended: one result per append, in the transaction's order. */
public record TransactionResult(List<AppendResult> appends) {
  public TransactionResult {
    appends = List.copyOf(appends);
  }
}
