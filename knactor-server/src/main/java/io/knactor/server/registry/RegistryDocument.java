package io.knactor.server.registry;

import io.knactor.cast.spec.CastSpec;
import io.knactor.core.schema.Schema;
import io.knactor.sync.spec.SyncSpec;
import java.util.Map;

/** One document of an apply request, parsed but not yet checked against the registry. */
public sealed interface RegistryDocument {
  Source source();

  /** The kind shown in apply results: Schema, Knactor, Principal, Grant, Cast or Sync. */
  String kind();

  /** The registered name shown in apply results. */
  String name();

  /**
   * Where a document came from, for error messages.
   *
   * @param index 1-based among the non-empty documents of the request
   * @param line the line of its first content within the whole request
   * @param keyLines the line of each top-level key
   */
  record Source(int index, int line, Map<String, Integer> keyLines) {
    public Source {
      keyLines = Map.copyOf(keyLines);
    }

    /** A document built in code rather than parsed. */
    public static Source programmatic() {
      return new Source(1, 0, Map.of());
    }

    public int lineOf(String key) {
      return keyLines.getOrDefault(key, line);
    }
  }

  /** A schema in the schema language. */
  record SchemaDocument(Source source, Schema schema) implements RegistryDocument {
    @Override
    public String kind() {
      return "Schema";
    }

    @Override
    public String name() {
      return schema.ref().toString();
    }
  }

  /** {@code kind: Knactor}. */
  record KnactorDocument(Source source, KnactorRegistration registration)
      implements RegistryDocument {
    @Override
    public String kind() {
      return "Knactor";
    }

    @Override
    public String name() {
      return registration.store().toString();
    }
  }

  /**
   * {@code kind: Principal}.
   *
   * @param token as given, or null to keep the current token (or generate one for a new principal)
   */
  record PrincipalDocument(Source source, String principal, Role role, String token)
      implements RegistryDocument {
    @Override
    public String kind() {
      return "Principal";
    }

    @Override
    public String name() {
      return principal;
    }
  }

  /** {@code kind: Grant}. */
  record GrantDocument(Source source, Grant grant) implements RegistryDocument {
    @Override
    public String kind() {
      return "Grant";
    }

    @Override
    public String name() {
      return grant.principal() + ":" + grant.store() + "/" + grant.kind();
    }
  }

  /**
   * {@code kind: Cast}: a Cast spec (docs/cast.md), parsed with its lines numbered as in the whole
   * request.
   *
   * @param text the document's YAML, stored as the revision's source
   */
  record CastDocument(Source source, CastSpec spec, String text) implements RegistryDocument {
    @Override
    public String kind() {
      return "Cast";
    }

    @Override
    public String name() {
      return spec.name();
    }
  }

  /**
   * {@code kind: Sync}: a Sync spec (docs/sync.md), parsed with its lines numbered as in the whole
   * request.
   *
   * @param text the document's YAML, stored as the revision's source
   */
  record SyncDocument(Source source, SyncSpec spec, String text) implements RegistryDocument {
    @Override
    public String kind() {
      return "Sync";
    }

    @Override
    public String name() {
      return spec.name();
    }
  }
}
