package io.knactor.sync.operator;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The user operators available to Sync specs, by name. Immutable; build with {@link #builder()}:
 *
 * <pre>
 * OperatorRegistry operators = OperatorRegistry.builder()
 *     .register("split-words", new SplitWords())
 *     .build();
 * </pre>
 */
public final class OperatorRegistry {
  /** Operator names: lower case words joined by dashes, e.g. {@code split-words}. */
  public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  private static final OperatorRegistry EMPTY = new OperatorRegistry(Map.of());

  private final Map<String, UserOperator> operators;

  private OperatorRegistry(Map<String, UserOperator> operators) {
    this.operators = Collections.unmodifiableMap(new TreeMap<>(operators));
  }

  public static OperatorRegistry empty() {
    return EMPTY;
  }

  /** The operators of every {@link UserOperatorProvider} on the class path. */
  public static OperatorRegistry load() {
    return builder().registerProviders(Thread.currentThread().getContextClassLoader()).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Optional<UserOperator> find(String name) {
    return Optional.ofNullable(operators.get(name));
  }

  /** The registered names, sorted. */
  public Set<String> names() {
    return operators.keySet();
  }

  /** Collects operators; refuses a name registered twice. */
  public static final class Builder {
    private final Map<String, UserOperator> operators = new TreeMap<>();

    private Builder() {}

    /**
     * @throws IllegalArgumentException for a malformed or already registered name
     */
    public Builder register(String name, UserOperator operator) {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "invalid operator name '" + name + "': must match " + NAME.pattern());
      }
      if (operators.putIfAbsent(name, java.util.Objects.requireNonNull(operator, "operator"))
          != null) {
        throw new IllegalArgumentException("operator '" + name + "' is already registered");
      }
      return this;
    }

    /** Registers the operators of every {@link UserOperatorProvider} visible to {@code loader}. */
    public Builder registerProviders(ClassLoader loader) {
      for (UserOperatorProvider provider : ServiceLoader.load(UserOperatorProvider.class, loader)) {
        provider.operators().forEach(this::register);
      }
      return this;
    }

    public OperatorRegistry build() {
      return new OperatorRegistry(operators);
    }
  }
}
