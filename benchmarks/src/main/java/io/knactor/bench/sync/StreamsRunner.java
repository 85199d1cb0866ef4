package io.knactor.bench.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.json.Json;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The same pipelines in Kafka Streams, run by its {@link TopologyTestDriver}: no broker, so this is
 * Kafka Streams' processing cost (deserializing at the source, the operators, state stores,
 * serializing at the sink) without any broker I/O. Values are JSON (Jackson), as in the Sync
 * engine; state stores are in memory.
 */
public final class StreamsRunner {
  static final String SOURCE = "source";
  static final String SINK = "sink";

  private StreamsRunner() {}

  /** filter(level > 0.5) then rename triggered to motion. */
  public static Topology filterRename() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(SOURCE, Consumed.with(Serdes.String(), JSON))
        .filter((key, value) -> value.path("level").asDouble() > 0.5)
        .<JsonNode>mapValues(
            value -> {
              ObjectNode out = Json.object();
              value
                  .fields()
                  .forEachRemaining(
                      e ->
                          out.set(
                              e.getKey().equals("triggered") ? "motion" : e.getKey(),
                              e.getValue()));
              return out;
            })
        .to(SINK, Produced.with(Serdes.String(), JSON));
    return builder.build();
  }

  /**
   * Sum of watts and count per room (the records' key) over tumbling one-minute event-time windows
   * without grace, one final result per window and room when it closes (suppress until the window
   * closes, which is when the Sync aggregate emits too).
   */
  public static Topology aggregate() {
    StreamsBuilder builder = new StreamsBuilder();
    Duration size = Duration.ofMillis(SyncWorkload.WINDOW_MILLIS);
    builder.stream(SOURCE, Consumed.with(Serdes.String(), JSON))
        .groupByKey(Grouped.with(Serdes.String(), JSON))
        .windowedBy(TimeWindows.ofSizeWithNoGrace(size))
        .aggregate(
            () -> new Energy(0, 0),
            (room, value, sum) ->
                new Energy(sum.readings() + 1, sum.energy() + value.path("watts").asDouble()),
            Materialized.<String, Energy>as(
                    Stores.inMemoryWindowStore("energy", size.multipliedBy(2), size, false))
                .withKeySerde(Serdes.String())
                .withValueSerde(ENERGY))
        .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
        .toStream()
        .map(
            (window, sum) -> {
              ObjectNode out = Json.object();
              out.put("room", window.key());
              out.put("energy", sum.energy());
              out.put("readings", sum.readings());
              out.put("windowStart", window.window().start());
              out.put("windowEnd", window.window().end());
              return org.apache.kafka.streams.KeyValue.pair(window.key(), (JsonNode) out);
            })
        .to(SINK, Produced.with(Serdes.String(), JSON));
    return builder.build();
  }

  /**
   * Pipes {@code records} (JSON values, encoded beforehand) through {@code topology} and drains the
   * output every {@code batch} records; returns the count of outputs.
   */
  public static long run(Topology topology, List<EngineRunner.Encoded> records, int batch) {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-sync");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    try (TopologyTestDriver driver = new TopologyTestDriver(topology, config, Instant.EPOCH)) {
      TestInputTopic<String, byte[]> in =
          driver.createInputTopic(SOURCE, new StringSerializer(), Serdes.ByteArray().serializer());
      TestOutputTopic<String, byte[]> out =
          driver.createOutputTopic(SINK, new StringDeserializer(), new ByteArrayDeserializer());
      long outputs = 0;
      for (int i = 0; i < records.size(); i++) {
        EngineRunner.Encoded r = records.get(i);
        in.pipeInput(new TestRecord<>(r.key(), r.value(), Instant.ofEpochMilli(r.time())));
        if ((i + 1) % batch == 0) {
          outputs += drain(out);
        }
      }
      return outputs + drain(out);
    }
  }

  private static long drain(TestOutputTopic<String, byte[]> out) {
    long n = 0;
    while (!out.isEmpty()) {
      out.readRecord();
      n++;
    }
    return n;
  }

  /** A window's running sum, kept in the window store as 12 bytes. */
  record Energy(int readings, double energy) {}

  private static final Serde<Energy> ENERGY =
      Serdes.serdeFrom(
          (Serializer<Energy>)
              (topic, e) ->
                  ByteBuffer.allocate(12).putInt(e.readings()).putDouble(e.energy()).array(),
          (Deserializer<Energy>)
              (topic, bytes) -> {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                return new Energy(b.getInt(), b.getDouble());
              });

  private static final Serde<JsonNode> JSON =
      Serdes.serdeFrom(
          (Serializer<JsonNode>) (topic, node) -> Json.write(node),
          (Deserializer<JsonNode>) (topic, bytes) -> Json.parseObject(bytes, "record"));
}
