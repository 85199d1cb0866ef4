package io.knactor.examples.retail.grpc;

import io.grpc.Channel;
import java.util.Map;
import java.util.TreeSet;

/** The channels a service was deployed with, one per service it calls. */
public final class Peers {
  private final String caller;
  private final Map<String, ? extends Channel> channels;

  public Peers(String caller, Map<String, ? extends Channel> channels) {
    this.caller = caller;
    this.channels = Map.copyOf(channels);
  }

  /**
   * The channel to {@code service}.
   *
   * @throws IllegalStateException when the deployment does not let the caller call it
   */
  public Channel channel(String service) {
    Channel channel = channels.get(service);
    if (channel == null) {
      throw new IllegalStateException(
          caller
              + " is not deployed to call "
              + service
              + " (its calls: "
              + new TreeSet<>(channels.keySet())
              + "); add it to its calls in "
              + Deployment.FILE);
    }
    return channel;
  }
}
