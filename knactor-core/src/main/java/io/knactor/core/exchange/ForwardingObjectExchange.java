package io.knactor.core.exchange;

import io.knactor.core.model.ObjectKey;
import io.knactor.core.model.StoredObject;
import java.util.List;
import java.util.Optional;

/**
 * An {@link ObjectExchange} that hands every call to another one: the base of decorators that
 * change or observe a few calls (a probe timing commits, a test injecting a conflict) and override
 * only those. Thread-safe when the delegate is. {@link #close} closes the delegate.
 */
public abstract class ForwardingObjectExchange implements ObjectExchange {
  protected final ObjectExchange delegate;

  protected ForwardingObjectExchange(ObjectExchange delegate) {
    this.delegate = delegate;
  }

  @Override
  public Optional<StoredObject> get(ObjectKey key) {
    return delegate.get(key);
  }

  @Override
  public ObjectList list(ListRequest request) {
    return delegate.list(request);
  }

  @Override
  public CommitResult commit(WriteBatch batch) {
    return delegate.commit(batch);
  }

  @Override
  public Watch watch(WatchRequest request) {
    return delegate.watch(request);
  }

  @Override
  public List<ObjectRevision> history(ObjectKey key) {
    return delegate.history(key);
  }

  @Override
  public long currentVersion() {
    return delegate.currentVersion();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
