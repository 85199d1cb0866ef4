package io.knactor.cast.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.cast.compile.CelConversions;
import io.knactor.cast.compile.CompiledCast;
import io.knactor.cast.compile.CompiledRule;
import io.knactor.cast.compile.ResolvedKind;
import io.knactor.cast.compile.RuleResult;
import io.knactor.cast.spec.FieldRef;
import io.knactor.cast.spec.KindRef;
import io.knactor.core.exchange.Write;
import io.knactor.core.json.Json;
import io.knactor.core.model.ObjectKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Evaluates a compiled cast: a pure function from (cast, the changed object, a read view of the
 * current objects) to the writes to commit atomically and the outcome of every rule that ran. It
 * reads only through the view and writes nothing, so the same inputs always give the same plan.
 *
 * <p>Semantics:
 *
 * <ul>
 *   <li><b>Correlation by key.</b> Rules run per object name: order {@code o-17} is joined with
 *       shipment {@code o-17} and payment {@code o-17}. A singleton kind (one object per store)
 *       joins every key; a change to it runs the dependent rules of every key. Rules that fill a
 *       singleton run once, under {@link #SINGLETON_KEY}.
 *   <li><b>Only what depends on the change</b> runs: the rules reading a changed field, then the
 *       rules reading what those fill, in dependency order, each seeing the values planned before.
 *   <li><b>Pending, not failing.</b> A rule whose input object or field is missing leaves its
 *       target unset, even when its expression would not need it this time (mapping an empty list);
 *       it runs again when the input appears.
 *   <li><b>Constants.</b> A rule that reads nothing runs whenever its key is evaluated (and when
 *       its target object changes), after the key's other rules; it fills its field of a target
 *       object that exists or that those rules create, and creates none by itself (singletons
 *       excepted).
 *   <li><b>Writes only on change.</b> A value equal to the target's current value (numbers by
 *       value) is not written, so integrators and reconcilers cannot ping-pong.
 *   <li><b>One batch.</b> All writes are PATCH_OR_CREATE merge patches of only the changed fields,
 *       one per target object (a target that does not exist is created), each annotated with its
 *       {@link Provenance}. A write expects the version read when one of its values depends on the
 *       target object itself (its rule reads {@code this} or the target's kind) or comes from a
 *       constant; otherwise its values are right whatever the target holds, and it expects none, so
 *       that the knactor writing the object's own fields meanwhile causes no conflict.
 *   <li><b>Failures stay local.</b> A rule whose expression or function fails is reported FAILED
 *       for that key; the other rules go on.
 *   <li>Deleting an object retracts nothing: rules reading it become pending and the values they
 *       wrote stay.
 * </ul>
 *
 * <p>Thread-safe. Its only state is a cache of the CEL values of objects it read recently, which
 * changes no result.
 */
public final class CastEvaluator {
  /** The key under which rules that fill singletons are evaluated and reported. */
  public static final String SINGLETON_KEY = "(singletons)";

  /** Enough for the objects of a busy key and the singletons every key reads. */
  private static final int CONVERSIONS_KEPT = 64;

  private final String principal;
  private final CelConversions conversions = new CelConversions(CONVERSIONS_KEPT);

  /**
   * @param principal who the planned batches are written as, e.g. {@code cast:retail}
   */
  public CastEvaluator(String principal) {
    this.principal = Objects.requireNonNull(principal, "principal");
  }

  /** Plans what {@code change} causes. */
  public Evaluation evaluate(CompiledCast cast, SourceChange change, ObjectView view) {
    Overlay overlay = new Overlay(view, change);
    Map<String, Set<FieldRef>> work = new TreeMap<>();
    Set<String> changed = change.changedPaths();
    for (ResolvedKind kind : cast.kindsOf(change.key().store(), change.key().kind())) {
      List<FieldRef> affected = cast.plan().affectedBy(kind.ref(), changed);
      if (fillsConstant(cast, kind)) {
        // A change to a target of a constant rule evaluates its key, which runs the constant.
        work.computeIfAbsent(
            kind.singleton() ? SINGLETON_KEY : change.key().name(), k -> new LinkedHashSet<>());
      }
      if (affected.isEmpty()) {
        continue;
      }
      if (kind.singleton()) {
        List<FieldRef> perKey = new ArrayList<>();
        for (FieldRef rule : affected) {
          if (cast.rule(rule).targetKind().singleton()) {
            work.computeIfAbsent(SINGLETON_KEY, k -> new LinkedHashSet<>()).add(rule);
          } else {
            perKey.add(rule);
          }
        }
        if (!perKey.isEmpty()) {
          for (String key : keys(cast, overlay)) {
            work.computeIfAbsent(key, k -> new LinkedHashSet<>()).addAll(perKey);
          }
        }
      } else {
        work.computeIfAbsent(change.key().name(), k -> new LinkedHashSet<>()).addAll(affected);
      }
    }
    return run(cast, work, overlay);
  }

  private static boolean fillsConstant(CompiledCast cast, ResolvedKind kind) {
    return cast.rules().stream()
        .anyMatch(r -> r.isConstant() && r.targetKind().ref().equals(kind.ref()));
  }

  /**
   * Plans every rule for one key, whatever changed: for a first sync or a resync. Use {@link
   * #SINGLETON_KEY} for the rules that fill singletons.
   */
  public Evaluation evaluateKey(CompiledCast cast, String key, ObjectView view) {
    boolean singletons = key.equals(SINGLETON_KEY);
    Set<FieldRef> rules = new LinkedHashSet<>();
    for (CompiledRule rule : cast.rules()) {
      if (rule.targetKind().singleton() == singletons) {
        rules.add(rule.target());
      }
    }
    Map<String, Set<FieldRef>> work = new TreeMap<>();
    if (!rules.isEmpty()) {
      work.put(key, rules);
    }
    return run(cast, work, new Overlay(view, null));
  }

  /**
   * The keys a cast currently knows: the names of the objects of its kinds that are not singletons,
   * sorted, plus {@link #SINGLETON_KEY} when a rule fills a singleton.
   */
  public List<String> keys(CompiledCast cast, ObjectView view) {
    List<String> keys = keys(cast, new Overlay(view, null));
    if (cast.rules().stream().anyMatch(r -> r.targetKind().singleton())) {
      keys.add(SINGLETON_KEY);
    }
    return keys;
  }

  private static List<String> keys(CompiledCast cast, Overlay overlay) {
    Set<String> keys = new java.util.TreeSet<>();
    for (ResolvedKind kind : cast.kinds().values()) {
      if (!kind.singleton()) {
        keys.addAll(overlay.names(kind.store(), kind.storedKind()));
      }
    }
    return new ArrayList<>(keys);
  }

  private Evaluation run(CompiledCast cast, Map<String, Set<FieldRef>> work, Overlay overlay) {
    List<FieldRef> order = cast.plan().evaluationOrder();
    Planned planned = new Planned(cast);
    List<RuleOutcome> outcomes = new ArrayList<>();
    for (Map.Entry<String, Set<FieldRef>> instance : work.entrySet()) {
      String key = instance.getKey();
      // A key may be in the work with no rule but its constants (its target object changed).
      for (FieldRef target : order) {
        CompiledRule rule = cast.rule(target);
        if (instance.getValue().contains(target) && !rule.isConstant()) {
          outcomes.add(evaluate(rule, key, cast, overlay, planned));
        }
      }
      // No change ever reaches a rule that reads nothing: it runs whenever its key is evaluated,
      // last, so that it sees the target objects the other rules create.
      for (FieldRef target : order) {
        CompiledRule rule = cast.rule(target);
        if (rule.isConstant() && rule.targetKind().singleton() == key.equals(SINGLETON_KEY)) {
          outcomes.add(evaluate(rule, key, cast, overlay, planned));
        }
      }
    }
    Map<ObjectKey, Provenance> provenance = planned.provenance();
    return new Evaluation(principal, planned.writes(provenance), outcomes, provenance);
  }

  private RuleOutcome evaluate(
      CompiledRule rule, String key, CompiledCast cast, Overlay overlay, Planned planned) {
    Map<KindRef, ObjectNode> objects = new HashMap<>();
    // Named as text only when the rule writes: most evaluations write nothing.
    Map<ObjectKey, Long> sources = new HashMap<>();
    for (KindRef ref : rule.inputKinds()) {
      Located located = locate(cast.kind(ref), key, overlay);
      if (located.problem != null) {
        return outcome(key, rule, RuleOutcome.Status.FAILED, located.problem);
      }
      Overlay.State state = overlay.state(located.key);
      if (state.data != null) {
        objects.put(ref, state.data);
      }
      // Version 0 is an object a view shows as planned, not yet stored: no version to name.
      if (state.original != null && state.original.resourceVersion() != Write.ANY_VERSION) {
        sources.put(located.key, state.original.resourceVersion());
      }
    }
    RuleResult result = rule.evaluate(objects, conversions);
    if (result instanceof RuleResult.Pending pending) {
      return outcome(key, rule, RuleOutcome.Status.PENDING, pending.reason());
    }
    if (result instanceof RuleResult.Failed failed) {
      return outcome(key, rule, RuleOutcome.Status.FAILED, failed.message());
    }
    JsonNode value = ((RuleResult.Value) result).value();
    Located target = locate(rule.targetKind(), key, overlay);
    if (target.problem != null) {
      return outcome(key, rule, RuleOutcome.Status.FAILED, target.problem);
    }
    Overlay.State state = overlay.state(target.key);
    if (rule.isConstant() && !target.kind.singleton() && state.data == null) {
      return outcome(
          key,
          rule,
          RuleOutcome.Status.PENDING,
          "waiting for " + target.key + " (a rule that reads nothing creates no object)");
    }
    String path = rule.target().path();
    JsonNode current = state.data == null ? null : JsonValues.at(state.data, path);
    if (JsonValues.same(current, value)) {
      return outcome(key, rule, RuleOutcome.Status.UNCHANGED, "");
    }
    planned.add(target.key, state, path, JsonValues.mergeValue(current, value), rule, sources);
    state.set(path, value);
    return outcome(key, rule, RuleOutcome.Status.WRITTEN, "");
  }

  private static RuleOutcome outcome(
      String key, CompiledRule rule, RuleOutcome.Status status, String detail) {
    return new RuleOutcome(key, rule.target(), status, detail);
  }

  /** The object of {@code kind} for {@code key}, or why there is no single one. */
  private record Located(ResolvedKind kind, ObjectKey key, String problem) {}

  private static Located locate(ResolvedKind kind, String key, Overlay overlay) {
    if (!kind.singleton()) {
      return new Located(kind, kind.key(key), null);
    }
    List<String> names = overlay.names(kind.store(), kind.storedKind());
    if (names.size() > 1) {
      return new Located(
          kind,
          null,
          "singleton "
              + kind.ref()
              + " has "
              + names.size()
              + " objects ("
              + String.join(", ", names)
              + "); expected one");
    }
    return new Located(kind, kind.key(names.isEmpty() ? kind.singletonName() : names.get(0)), null);
  }

  /** The writes planned so far, one merge patch per target object, in the order first touched. */
  private static final class Planned {
    private final CompiledCast cast;
    private final Map<ObjectKey, ObjectNode> patches = new LinkedHashMap<>();
    private final Map<ObjectKey, Long> expected = new HashMap<>();
    private final Map<ObjectKey, Map<String, Provenance.FieldSource>> provenance = new HashMap<>();

    Planned(CompiledCast cast) {
      this.cast = cast;
    }

    void add(
        ObjectKey key,
        Overlay.State state,
        String path,
        JsonNode patchValue,
        CompiledRule rule,
        Map<ObjectKey, Long> sources) {
      ObjectNode patch = patches.computeIfAbsent(key, k -> Json.object());
      JsonValues.patch(patch, path, patchValue);
      // Expecting the version read only when a value depends on it (and a constant, which must
      // not create its object): other writers of the object's own fields then cause no conflict.
      boolean pinned = rule.readsTarget() || rule.isConstant();
      long version =
          pinned && state.original != null ? state.original.resourceVersion() : Write.ANY_VERSION;
      expected.merge(key, version, Math::max);
      provenance
          .computeIfAbsent(key, k -> new TreeMap<>())
          .put(path, new Provenance.FieldSource(rule.target().toString(), named(sources)));
    }

    private static Map<String, Long> named(Map<ObjectKey, Long> sources) {
      Map<String, Long> named = new TreeMap<>();
      sources.forEach((key, version) -> named.put(key.toString(), version));
      return named;
    }

    /** The planned writes, annotated with {@code recorded}, the {@link #provenance()}. */
    List<Write> writes(Map<ObjectKey, Provenance> recorded) {
      List<Write> writes = new ArrayList<>();
      patches.forEach(
          (key, patch) ->
              writes.add(
                  new Write(
                      Write.Op.PATCH_OR_CREATE,
                      key,
                      expected.get(key),
                      null,
                      patch,
                      recorded.get(key).toAnnotations())));
      return writes;
    }

    /** The provenance of each planned write. */
    Map<ObjectKey, Provenance> provenance() {
      Map<ObjectKey, Provenance> recorded = new HashMap<>();
      provenance.forEach(
          (key, fields) -> recorded.put(key, new Provenance(cast.name(), cast.revision(), fields)));
      return recorded;
    }
  }
}
