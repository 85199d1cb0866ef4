package io.knactor.examples.retail.grpc.email;

import io.grpc.stub.StreamObserver;
import io.knactor.examples.retail.domain.Confirmations;
import io.knactor.examples.retail.grpc.Unary;
import io.knactor.examples.retail.grpc.api.email.EmailServiceGrpc;
import io.knactor.examples.retail.grpc.api.email.SendOrderConfirmationRequest;
import io.knactor.examples.retail.grpc.api.email.SendOrderConfirmationResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Email service: renders the confirmation ({@link Confirmations#render}) and sends it to its
 * outbox, in the order sent. Thread-safe.
 */
public final class EmailService extends EmailServiceGrpc.EmailServiceImplBase {
  private final List<String> outbox = new CopyOnWriteArrayList<>();

  @Override
  public void sendOrderConfirmation(
      SendOrderConfirmationRequest request,
      StreamObserver<SendOrderConfirmationResponse> response) {
    Unary.respond(
        response,
        () -> {
          if (request.getEmail().isBlank()) {
            throw new IllegalArgumentException("the confirmation has no recipient");
          }
          outbox.add(
              Confirmations.render(
                  request.getOrderId(),
                  request.getEmail(),
                  request.getItemsList(),
                  request.getTotal(),
                  request.getCurrency(),
                  request.getTrackingId()));
          return SendOrderConfirmationResponse.getDefaultInstance();
        });
  }

  /** The messages sent so far. */
  public List<String> outbox() {
    return List.copyOf(outbox);
  }
}
