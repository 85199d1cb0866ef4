package io.knactor.examples.retail.grpc.payment;

import io.grpc.stub.StreamObserver;
import io.knactor.examples.retail.domain.Cards;
import io.knactor.examples.retail.grpc.Unary;
import io.knactor.examples.retail.grpc.api.payment.ChargeRequest;
import io.knactor.examples.retail.grpc.api.payment.ChargeResponse;
import io.knactor.examples.retail.grpc.api.payment.CreditCard;
import io.knactor.examples.retail.grpc.api.payment.PaymentServiceGrpc;
import java.time.Clock;
import java.time.YearMonth;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Payment service: checks the card ({@link Cards#problem}) and charges it once per order id,
 * keeping the transactions it made. Thread-safe.
 */
public final class PaymentService extends PaymentServiceGrpc.PaymentServiceImplBase {
  private final Clock clock;
  private final Map<String, String> transactions = new ConcurrentHashMap<>();

  public PaymentService(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void charge(ChargeRequest request, StreamObserver<ChargeResponse> response) {
    Unary.respond(
        response,
        () -> {
          if (request.getAmount() <= 0) {
            throw new IllegalArgumentException(
                "amount must be positive, got " + request.getAmount());
          }
          CreditCard card = request.getCreditCard();
          Cards.problem(
                  card.getNumber(),
                  card.getExpirationYear(),
                  card.getExpirationMonth(),
                  YearMonth.now(clock))
              .ifPresent(
                  problem -> {
                    throw new IllegalArgumentException(problem);
                  });
          String id = transactions.computeIfAbsent(request.getOrderId(), Cards::transactionId);
          return ChargeResponse.newBuilder().setTransactionId(id).build();
        });
  }

  /** The transactions made so far, by order id. */
  public Map<String, String> transactions() {
    return Map.copyOf(transactions);
  }
}
