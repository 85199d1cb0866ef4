package io.knactor.sync;

import io.knactor.sync.exec.Emission;
import io.knactor.sync.operator.SyncRecord;
import java.util.List;

/** Short text forms of records for assertions: {@code key@time {json}}. */
public final class Records {
  private Records() {}

  public static List<String> text(List<SyncRecord> records) {
    return records.stream().map(Records::text).toList();
  }

  public static String text(SyncRecord record) {
    return record.key() + "@" + record.time() + " " + record.value();
  }

  /** {@code flow mode key@time {json}} for each emission. */
  public static List<String> emissions(List<Emission> emissions) {
    return emissions.stream()
        .map(
            e ->
                e.flow()
                    + " "
                    + e.destination().mode().name().toLowerCase(java.util.Locale.ROOT)
                    + " "
                    + text(e.record()))
        .toList();
  }
}
