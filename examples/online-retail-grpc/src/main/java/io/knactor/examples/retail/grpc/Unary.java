package io.knactor.examples.retail.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/**
 * Answers a unary call: the value {@code handler} returns, or its failure as a status. A {@link
 * StatusRuntimeException} passes through; an {@link IllegalArgumentException} (the domain's answer
 * to bad input) becomes {@code INVALID_ARGUMENT} with its message. Anything else is a bug and
 * reaches gRPC as {@code UNKNOWN}.
 */
public final class Unary {
  private Unary() {}

  public static <T> void respond(StreamObserver<T> observer, Supplier<T> handler) {
    T value;
    try {
      value = handler.get();
    } catch (StatusRuntimeException e) {
      observer.onError(e);
      return;
    } catch (IllegalArgumentException e) {
      observer.onError(
          Status.INVALID_ARGUMENT
              .withDescription(e.getMessage())
              .withCause(e)
              .asRuntimeException());
      return;
    }
    observer.onNext(value);
    observer.onCompleted();
  }
}
