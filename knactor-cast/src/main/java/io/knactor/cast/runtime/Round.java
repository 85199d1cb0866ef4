package io.knactor.cast.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.cast.eval.Evaluation;
import io.knactor.cast.eval.ObjectView;
import io.knactor.cast.eval.Provenance;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.JsonMergePatch;
import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoreRef;
import io.knactor.core.model.StoredObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The evaluations of consecutive changes that commit as one batch, with the position of the last:
 * one exchange commit (one fsync) for many changes. Each evaluation reads through {@link #view()},
 * which shows the objects as the earlier evaluations of the round will have written them, so it
 * plans what it would plan after their commit. Writes of several evaluations to one object merge
 * into one write expecting the version they all read ({@link #accepts}): the batch commits only if
 * every object it writes is still as the round read it. Owned by the runtime's thread.
 */
final class Round {
  /** One change: how to evaluate it again on a view, its evaluation, and its position. */
  record Entry(Function<ObjectView, Evaluation> plan, Evaluation evaluation, long at) {}

  private final List<Entry> entries = new ArrayList<>();
  private final Map<ObjectKey, Write> writes = new LinkedHashMap<>();
  private final Map<ObjectKey, StoredObject> planned = new HashMap<>();
  private final Set<List<Object>> plannedKinds = new HashSet<>();
  private final ObjectView known;
  private final ObjectView view = new PlannedView();
  private final long revision;
  private Map<String, KeyFailure> failures;

  /**
   * @param failures the failures before the round
   * @param revision the running revision, recorded with new failures
   * @param known the objects as last known, which the round's planned writes are laid over
   */
  Round(Map<String, KeyFailure> failures, long revision, ObjectView known) {
    this.failures = failures;
    this.revision = revision;
    this.known = known;
  }

  /**
   * The objects as they will be once the round commits: each object the round writes as its planned
   * writes leave it, with the version they expect (0 for one they create), so that an evaluation on
   * it plans writes expecting that same version.
   */
  ObjectView view() {
    return view;
  }

  /**
   * Whether {@code evaluation} (made on {@link #view()}) can join the round: each of its writes to
   * an object the round already writes merges with that write into one.
   */
  boolean accepts(Evaluation evaluation) {
    for (Write write : evaluation.writes()) {
      Write earlier = writes.get(write.key());
      if (earlier != null && merged(earlier, write) == null) {
        return false;
      }
    }
    return true;
  }

  /** Adds an evaluation that the round {@link #accepts}. */
  void add(Function<ObjectView, Evaluation> plan, Evaluation evaluation, long at) {
    entries.add(new Entry(plan, evaluation, at));
    for (Write write : evaluation.writes()) {
      ObjectKey key = write.key();
      Write earlier = writes.get(key);
      writes.put(key, earlier == null ? write : merged(earlier, write));
      StoredObject before = view.get(key).orElse(null);
      planned.put(
          key,
          new StoredObject(
              key,
              before == null ? Map.of() : before.labels(),
              write.expectedVersion(),
              JsonMergePatch.apply(before == null ? null : before.data(), write.data())));
      plannedKinds.add(List.of(key.store(), key.kind()));
    }
    failures = Failures.after(failures, evaluation, revision, null);
  }

  List<Entry> entries() {
    return entries;
  }

  /** Every write of the round, one per object, in the order first written. */
  List<Write> writes() {
    return List.copyOf(writes.values());
  }

  /** The failures after every evaluation of the round, were its writes to commit. */
  Map<String, KeyFailure> failures() {
    return failures;
  }

  /** The position of the round's last change. */
  long at() {
    return entries.get(entries.size() - 1).at();
  }

  /**
   * {@code earlier} then {@code later} as one write, or null when they do not merge: both merge
   * patches expecting the same version, with the same labels, whose patches compose into one.
   */
  private static Write merged(Write earlier, Write later) {
    if (earlier.op() != Write.Op.PATCH_OR_CREATE
        || later.op() != Write.Op.PATCH_OR_CREATE
        || earlier.expectedVersion() != later.expectedVersion()
        || !Objects.equals(earlier.labels(), later.labels())) {
      return null;
    }
    ObjectNode patch = earlier.data().deepCopy();
    if (!compose(patch, later.data())) {
      return null;
    }
    Map<String, String> annotations = mergedProvenance(earlier, later);
    if (annotations == null) {
      return null;
    }
    return new Write(
        Write.Op.PATCH_OR_CREATE,
        earlier.key(),
        earlier.expectedVersion(),
        earlier.labels(),
        patch,
        annotations);
  }

  /**
   * Folds merge patch {@code later} into {@code patch}, so that applying it does what applying both
   * in turn does; false when no single patch can (a member removed or set to a non-object, then
   * patched as an object: one patch would merge into the member's old value instead).
   */
  private static boolean compose(ObjectNode patch, ObjectNode later) {
    Iterator<Map.Entry<String, JsonNode>> members = later.fields();
    while (members.hasNext()) {
      Map.Entry<String, JsonNode> member = members.next();
      JsonNode before = patch.get(member.getKey());
      if (member.getValue().isObject() && before != null) {
        if (!before.isObject() || !compose((ObjectNode) before, (ObjectNode) member.getValue())) {
          return false;
        }
      } else {
        patch.set(member.getKey(), member.getValue().deepCopy());
      }
    }
    return true;
  }

  /** The provenance of both writes, the later's per field winning; null when of other casts. */
  private static Map<String, String> mergedProvenance(Write earlier, Write later) {
    Optional<Provenance> first = Provenance.fromAnnotations(earlier.annotations());
    Optional<Provenance> second = Provenance.fromAnnotations(later.annotations());
    if (first.isEmpty() || second.isEmpty()) {
      return first.isEmpty()
              && second.isEmpty()
              && earlier.annotations().equals(later.annotations())
          ? earlier.annotations()
          : null;
    }
    if (!first.get().integrator().equals(second.get().integrator())
        || first.get().revision() != second.get().revision()) {
      return null;
    }
    Map<String, Provenance.FieldSource> fields = new TreeMap<>(first.get().fields());
    fields.putAll(second.get().fields());
    return new Provenance(first.get().integrator(), first.get().revision(), fields).toAnnotations();
  }

  /** The known objects with the round's planned writes laid over them. */
  private final class PlannedView implements ObjectView {
    @Override
    public Optional<StoredObject> get(ObjectKey key) {
      StoredObject object = planned.get(key);
      return object != null ? Optional.of(object) : known.get(key);
    }

    @Override
    public List<StoredObject> list(StoreRef store, String kind) {
      List<StoredObject> listed = known.list(store, kind);
      if (!plannedKinds.contains(List.of(store, kind))) {
        return listed;
      }
      Map<String, StoredObject> byName = new TreeMap<>();
      listed.forEach(o -> byName.put(o.name(), o));
      planned.forEach(
          (key, object) -> {
            if (key.store().equals(store) && key.kind().equals(kind)) {
              byName.put(key.name(), object);
            }
          });
      return List.copyOf(byName.values());
    }
  }
}
