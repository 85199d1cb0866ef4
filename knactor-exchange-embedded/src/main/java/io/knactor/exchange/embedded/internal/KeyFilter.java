package io.knactor.exchange.embedded.internal;

import io.knactor.core.exchange.WatchRequest;
import io.knactor.core.model.StoreRef;
import java.util.List;

/**
 * A watch request's store and kind filter applied to encoded object keys, so catch-up skips
 * unwatched change log entries without decoding them.
 */
public final class KeyFilter {
  private final List<byte[]> storePrefixes;
  private final byte[] kind;

  public KeyFilter(WatchRequest request) {
    this.storePrefixes =
        request.stores().stream()
            .map(StoreRef::toString)
            .map(s -> s + "\0")
            .map(Keys::utf8)
            .toList();
    this.kind = request.kind() == null ? null : Keys.utf8("\0" + request.kind() + "\0");
  }

  public boolean accepts(byte[] objectKey) {
    int storeEnd = -1;
    if (storePrefixes.isEmpty()) {
      storeEnd = indexOfZero(objectKey);
    } else {
      for (byte[] prefix : storePrefixes) {
        if (Keys.startsWith(objectKey, prefix)) {
          storeEnd = prefix.length - 1;
          break;
        }
      }
      if (storeEnd < 0) {
        return false;
      }
    }
    return kind == null || regionMatches(objectKey, storeEnd, kind);
  }

  private static int indexOfZero(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        return i;
      }
    }
    return bytes.length;
  }

  private static boolean regionMatches(byte[] bytes, int offset, byte[] part) {
    if (offset + part.length > bytes.length) {
      return false;
    }
    for (int i = 0; i < part.length; i++) {
      if (bytes[offset + i] != part[i]) {
        return false;
      }
    }
    return true;
  }
}
