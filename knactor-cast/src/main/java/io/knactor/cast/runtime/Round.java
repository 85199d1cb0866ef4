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
 * into one write ({@link #accepts}), expecting the version they all read when one of them does: the
 * batch commits only if every object it writes with an expectation is still as the round read it.
 * Owned by the runtime's thread.
 */
final class Round {
  /** One change: how to evaluate it again on a view, its evaluation, and its position. */
  record Entry(Function<ObjectView, Evaluation> plan, Evaluation evaluation, long at) {}

  private final List<Entry> entries = new ArrayList<>();
  private final Map<ObjectKey, Write> writes = new LinkedHashMap<>();
  // The provenance of the writes that carry one, kept parsed: a write merges again and again.
  private final Map<ObjectKey, Provenance> provenance = new HashMap<>();
  // The merges that accepts() found for the evaluation it was last asked about, for add().
  private Evaluation checked;
  private Map<ObjectKey, Merge> checkedMerges;
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
   * writes leave it, with the version the round read (0 for one it creates), so that an evaluation
   * on it plans writes expecting that same version, or none.
   */
  ObjectView view() {
    return view;
  }

  /**
   * Whether {@code evaluation} (made on {@link #view()}) can join the round: each of its writes to
   * an object the round already writes merges with that write into one.
   */
  boolean accepts(Evaluation evaluation) {
    checked = evaluation;
    checkedMerges = merges(evaluation);
    return checkedMerges != null;
  }

  /** Adds an evaluation that the round {@link #accepts}. */
  void add(Function<ObjectView, Evaluation> plan, Evaluation evaluation, long at) {
    Map<ObjectKey, Merge> merges = evaluation == checked ? checkedMerges : merges(evaluation);
    checked = null;
    checkedMerges = null;
    entries.add(new Entry(plan, evaluation, at));
    for (Write write : evaluation.writes()) {
      ObjectKey key = write.key();
      Merge merge = merges.get(key);
      writes.put(key, merge.write());
      if (merge.provenance() != null) {
        provenance.put(key, merge.provenance());
      } else {
        provenance.remove(key);
      }
      StoredObject before = view.get(key).orElse(null);
      planned.put(
          key,
          new StoredObject(
              key,
              before == null ? Map.of() : before.labels(),
              before == null ? Write.ANY_VERSION : before.resourceVersion(),
              JsonMergePatch.apply(before == null ? null : before.data(), write.data())));
      plannedKinds.add(List.of(key.store(), key.kind()));
    }
    failures = Failures.after(failures, evaluation, revision, null);
  }

  /** A write as the round will commit it, and its provenance (null when it has none). */
  private record Merge(Write write, Provenance provenance) {}

  /**
   * Each write of {@code evaluation} merged with the round's earlier write to its object, by
   * object; null when one does not merge.
   */
  private Map<ObjectKey, Merge> merges(Evaluation evaluation) {
    Map<ObjectKey, Merge> merges = new HashMap<>();
    for (Write write : evaluation.writes()) {
      ObjectKey key = write.key();
      Merge later = new Merge(write, evaluation.provenanceOf(write).orElse(null));
      Merge earlier = merges.get(key);
      if (earlier == null && writes.containsKey(key)) {
        earlier = new Merge(writes.get(key), provenance.get(key));
      }
      Merge merge = earlier == null ? later : merged(earlier, later);
      if (merge == null) {
        return null;
      }
      merges.put(key, merge);
    }
    return merges;
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
   * patches expecting the same version (or one of them none), with the same labels, whose patches
   * compose into one.
   */
  private static Merge merged(Merge earlier, Merge later) {
    Write first = earlier.write();
    Write second = later.write();
    if (first.op() != Write.Op.PATCH_OR_CREATE
        || second.op() != Write.Op.PATCH_OR_CREATE
        || !Objects.equals(first.labels(), second.labels())) {
      return null;
    }
    // Both were planned on the version the round read (see view()); one that expects none joins
    // the other's expectation.
    long a = first.expectedVersion();
    long b = second.expectedVersion();
    if (a != b && a != Write.ANY_VERSION && b != Write.ANY_VERSION) {
      return null;
    }
    long expected = Math.max(a, b);
    ObjectNode patch = first.data().deepCopy();
    if (!compose(patch, second.data())) {
      return null;
    }
    Map<String, String> annotations;
    Provenance merged = null;
    if (earlier.provenance() == null || later.provenance() == null) {
      if (earlier.provenance() != null
          || later.provenance() != null
          || !first.annotations().equals(second.annotations())) {
        return null;
      }
      annotations = first.annotations();
    } else {
      merged = mergedProvenance(earlier.provenance(), later.provenance());
      if (merged == null) {
        return null;
      }
      annotations = merged.toAnnotations();
    }
    return new Merge(
        new Write(
            Write.Op.PATCH_OR_CREATE, first.key(), expected, first.labels(), patch, annotations),
        merged);
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

  /** Both provenances, the later's per field winning; null when of other casts or revisions. */
  private static Provenance mergedProvenance(Provenance first, Provenance second) {
    if (!first.integrator().equals(second.integrator()) || first.revision() != second.revision()) {
      return null;
    }
    Map<String, Provenance.FieldSource> fields = new TreeMap<>(first.fields());
    fields.putAll(second.fields());
    return new Provenance(first.integrator(), first.revision(), fields);
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
