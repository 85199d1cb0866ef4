package io.knactor.sync.runtime;

/**
 * One partition of a running Sync.
 *
 * @param owner the instance that owns it, or -1 when none does (being moved, or fenced by another
 *     process)
 * @param committedOffset the offset of the first record whose effects are not committed
 * @param endOffset the partition's end when the status was taken
 * @param records source records committed by this runtime since it started
 * @param emitted records appended, folded or dead-lettered by those commits
 */
public record PartitionStatus(
    TaskId task, int owner, long committedOffset, long endOffset, long records, long emitted) {
  /** Records in the partition not yet processed. */
  public long lag() {
    return Math.max(0, endOffset - committedOffset);
  }
}
