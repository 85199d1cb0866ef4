package io.knactor.examples.retail.grpc.currency;

import io.grpc.stub.StreamObserver;
import io.knactor.examples.retail.domain.Money;
import io.knactor.examples.retail.domain.ShopData;
import io.knactor.examples.retail.grpc.Unary;
import io.knactor.examples.retail.grpc.api.currency.ConvertRequest;
import io.knactor.examples.retail.grpc.api.currency.CurrencyServiceGrpc;
import io.knactor.examples.retail.grpc.api.currency.GetSupportedCurrenciesRequest;
import io.knactor.examples.retail.grpc.api.currency.GetSupportedCurrenciesResponse;
import java.util.Map;

/** The Currency service: conversions through the rates per euro ({@link ShopData}). */
public final class CurrencyService extends CurrencyServiceGrpc.CurrencyServiceImplBase {
  private final Map<String, Double> perEuro = ShopData.ratesPerEuro();

  @Override
  public void getSupportedCurrencies(
      GetSupportedCurrenciesRequest request,
      StreamObserver<GetSupportedCurrenciesResponse> response) {
    Unary.respond(
        response,
        () ->
            GetSupportedCurrenciesResponse.newBuilder().addAllCurrencies(perEuro.keySet()).build());
  }

  @Override
  public void convert(
      ConvertRequest request,
      StreamObserver<io.knactor.examples.retail.grpc.api.currency.Money> response) {
    Unary.respond(
        response,
        () ->
            io.knactor.examples.retail.grpc.api.currency.Money.newBuilder()
                .setCurrency(request.getToCurrency())
                .setAmount(
                    Money.convert(
                        request.getFrom().getAmount(),
                        request.getFrom().getCurrency(),
                        request.getToCurrency(),
                        perEuro))
                .build());
  }
}
